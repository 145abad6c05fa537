import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PdcaPhase, RequirementKind } from '../requirement-kind';

@ObjectType('Requirement', { description: 'A node of a framework: clause, control, article, risk, ...' })
export class RequirementModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'e.g. urn:aims:req:iso-iec-42001-2023:a.6.2.8' })
  urn: string;

  @Field({ description: 'The reference as the source writes it: 6.1.3, A.6.2.8, GOVERN 1.1, Art. 5(1)(a).' })
  refId: string;

  @Field({ description: 'Short title in our own words.' })
  title: string;

  @Field(() => String, { nullable: true })
  titleZh: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => RequirementKind)
  kind: RequirementKind;

  @Field({ description: 'Whether an organisation can be assessed and attach evidence against it.' })
  assessable: boolean;

  @Field(() => PdcaPhase, { nullable: true, description: 'For ISO/IEC 42001 clauses 4-10.' })
  pdcaPhase: PdcaPhase | null;

  @Field({ description: 'Rests only on secondary sources: configurable, not authoritative.' })
  secondary: boolean;

  @Field(() => Int, { description: '0 for top-level requirements.' })
  depth: number;

  @Field(() => Int, { description: 'Position in the framework document (pre-order).' })
  position: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When the requirement left its framework file. Retired requirements stay resolvable by URN.',
  })
  retiredAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}
