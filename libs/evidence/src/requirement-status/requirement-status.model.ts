import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { CoverageImplementationStatus } from '../coverage.model';

@ObjectType('RequirementStatus', {
  description:
    'The organisation’s conformity statement for a requirement outside the cycle checklist and SoA; without one, evidence alone covers a requirement at most PARTIAL.',
})
export class RequirementStatusModel {
  @Field(() => ID)
  id: string;

  @Field()
  requirementUrn: string;

  @Field(() => CoverageImplementationStatus)
  status: CoverageImplementationStatus;

  @Field()
  justification: string;

  @Field(() => ID, { nullable: true, description: 'The member who owns the statement.' })
  ownerId: string | null;

  @Field({ description: 'USER or API_KEY.' })
  statedByType: string;

  @Field(() => ID, { nullable: true })
  statedById: string | null;

  @Field()
  statedAt: Date;

  @Field()
  createdAt: Date;
}

export const RequirementStatusConnection = ConnectionType(RequirementStatusModel, 'RequirementStatus');

@ObjectType()
export class SetRequirementStatusPayload {
  @Field(() => RequirementStatusModel)
  requirementStatus: RequirementStatusModel;
}
