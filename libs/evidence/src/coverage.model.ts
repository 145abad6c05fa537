import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MappingRelationship } from '@aims/catalog';
import { CoverageBasis, CoverageStatus } from './coverage';

registerEnumType(CoverageStatus, {
  name: 'CoverageStatus',
  description: 'FULL, PARTIAL, NONE, or NOT_APPLICABLE (from the requirement’s own checklist / SoA status).',
});
registerEnumType(CoverageBasis, {
  name: 'CoverageBasis',
  description: 'OWN: its own status and evidence. MAPPING: carried from a mapped requirement. NONE: neither.',
});

/** The cycles domain's statuses as coverage reports them (named apart from the cycles enum). */
export enum CoverageImplementationStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(CoverageImplementationStatus, {
  name: 'CoverageImplementationStatus',
  description: 'A checklist item’s or SoA entry’s status in the cycle, or a conformity statement’s.',
});

export enum CoverageImplementationSource {
  CHECKLIST = 'CHECKLIST',
  SOA = 'SOA',
  STATEMENT = 'STATEMENT',
}
registerEnumType(CoverageImplementationSource, {
  name: 'CoverageImplementationSource',
  valuesMap: {
    STATEMENT: { description: 'The organisation’s conformity statement (setRequirementStatus).' },
  },
});

@ObjectType('CoveragePath', {
  description: 'A mapped requirement whose own coverage carried over, or that informs (RELATED).',
})
export class CoveragePathModel {
  @Field()
  requirementUrn: string;

  @Field()
  refId: string;

  @Field()
  title: string;

  @Field({ description: 'Short name of its framework.' })
  framework: string;

  @Field(() => MappingRelationship, { description: 'Of the mapped requirement to the assessed one.' })
  relationship: MappingRelationship;

  @Field(() => CoverageImplementationStatus, { nullable: true })
  implementationStatus: CoverageImplementationStatus | null;

  @Field(() => Int, { description: 'Accepted evidence in force on the mapped requirement.' })
  evidenceCount: number;

  @Field(() => CoverageStatus, { description: 'The mapped requirement’s own coverage.' })
  sourceStatus: CoverageStatus;

  @Field(() => CoverageStatus, { description: 'What the mapping carries; NONE for RELATED (informative).' })
  carried: CoverageStatus;
}

@ObjectType('RequirementCoverage')
export class RequirementCoverageModel {
  @Field()
  requirementUrn: string;

  @Field()
  refId: string;

  @Field()
  title: string;

  @Field(() => CoverageStatus)
  status: CoverageStatus;

  @Field(() => CoverageBasis)
  basis: CoverageBasis;

  @Field(() => CoverageImplementationStatus, { nullable: true, description: 'Its own status in the cycle.' })
  implementationStatus: CoverageImplementationStatus | null;

  @Field(() => CoverageImplementationSource, { nullable: true })
  implementationSource: CoverageImplementationSource | null;

  @Field(() => ID, { nullable: true, description: 'The checklist item or SoA entry holding that status.' })
  implementationEntityId: string | null;

  @Field(() => Int, {
    description: 'Accepted evidence in force linked to it (directly or via its checklist / SoA).',
  })
  evidenceCount: number;

  @Field(() => [ID])
  evidenceItemIds: string[];

  @Field({
    description:
      'Why: its own status and evidence, or the mapping path, e.g. `NIST AI RMF GOVERN 1.1 ← RELATED ← ISO/IEC 42001 4.1 (IMPLEMENTED, 2 evidence)`.',
  })
  reason: string;

  @Field(() => [CoveragePathModel])
  paths: CoveragePathModel[];
}

@ObjectType('CoverageSummary', {
  description:
    'Counts per status; percentage = (FULL + 0.5 × PARTIAL) / (total − NOT_APPLICABLE) × 100, one decimal, null ' +
    'when no requirement applies.',
})
export class CoverageSummaryModel {
  @Field(() => Int)
  total: number;

  @Field(() => Int)
  full: number;

  @Field(() => Int)
  partial: number;

  @Field(() => Int)
  none: number;

  @Field(() => Int)
  notApplicable: number;

  @Field(() => Float, { nullable: true })
  percentage: number | null;
}

@ObjectType({ description: 'Coverage of every assessable requirement of a framework in a cycle.' })
export class FrameworkCoverage {
  @Field()
  frameworkUrn: string;

  @Field()
  frameworkName: string;

  @Field(() => ID)
  cycleId: string;

  @Field({ description: 'Evidence freshness is judged at this instant.' })
  computedAt: Date;

  @Field(() => CoverageSummaryModel)
  summary: CoverageSummaryModel;

  @Field(() => [RequirementCoverageModel], { description: 'In document order.' })
  requirements: RequirementCoverageModel[];
}
