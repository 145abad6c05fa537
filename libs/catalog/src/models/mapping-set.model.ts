import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { MappingDirection, MappingRelationship } from '../relationship';

@ObjectType('MappingSetProvenance', { description: 'Who published a crosswalk, when, and its status.' })
export class MappingSetProvenanceModel {
  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field({ description: 'third-party, aims-project or organisation.' })
  authoredBy: string;

  @Field(() => String, { nullable: true })
  date: string | null;

  @Field({ description: 'published or draft.' })
  status: string;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType('MappingSet', {
  description: 'A crosswalk between two frameworks, stored in its forward direction.',
})
export class MappingSetModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'e.g. urn:aims:mapping:nist-ai-rmf-1.0:iso-iec-42001-2023' })
  urn: string;

  @Field()
  name: string;

  @Field(() => MappingSetProvenanceModel)
  provenance: MappingSetProvenanceModel;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('Mapping', {
  description: 'A stored row of a mapping set: source relates to target as `relationship`.',
})
export class MappingModel {
  @Field(() => ID)
  id: string;

  @Field(() => MappingRelationship)
  relationship: MappingRelationship;

  @Field(() => String, { nullable: true })
  rationale: string | null;

  @Field(() => Float, { nullable: true, description: '0-1.' })
  strength: number | null;
}

@ObjectType('RequirementMapping', {
  description:
    'A mapping read from one requirement: `requirement` is the other end and `relationship` is how this ' +
    'requirement relates to it (inverted from the stored row when the direction is DERIVED).',
})
export class RequirementMappingModel {
  @Field(() => ID, { description: 'The stored mapping row (the same for both directions).' })
  id: string;

  @Field(() => MappingDirection)
  direction: MappingDirection;

  @Field(() => MappingRelationship)
  relationship: MappingRelationship;

  @Field(() => String, { nullable: true })
  rationale: string | null;

  @Field(() => Float, { nullable: true })
  strength: number | null;
}
