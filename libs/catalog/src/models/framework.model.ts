import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { RequirementKind } from '../requirement-kind';
import { RequirementModel } from './requirement.model';

@ObjectType('FrameworkProvenance', { description: 'Where a framework catalog comes from.' })
export class FrameworkProvenanceModel {
  @Field(() => String, { nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true, description: 'Who wrote the catalog entry (e.g. aims-project).' })
  authoredBy: string | null;

  @Field(() => String, { nullable: true })
  retrieved: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType('Framework', {
  description:
    'A framework version and its tree of requirements: built in, or imported by your organisation.',
})
export class FrameworkModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'e.g. urn:aims:framework:iso-iec-42001:2023' })
  urn: string;

  @Field({ description: 'The part of requirement URNs naming this framework version.' })
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  shortName: string | null;

  @Field()
  version: string;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => FrameworkProvenanceModel)
  provenance: FrameworkProvenanceModel;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('RequirementKindCount')
export class RequirementKindCount {
  @Field(() => RequirementKind)
  kind: RequirementKind;

  @Field(() => Int)
  count: number;
}

export const RequirementConnection = ConnectionType(RequirementModel, 'Requirement');
