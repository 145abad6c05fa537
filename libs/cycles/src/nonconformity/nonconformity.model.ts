import { Field, ID, ObjectType } from '@nestjs/graphql';
import {
  CorrectiveActionStatus,
  NonconformitySeverity,
  NonconformitySource,
  NonconformityStatus,
} from './nonconformity.enums';

@ObjectType('Nonconformity', { description: 'A nonconformity and its handling (ISO/IEC 42001 10.2).' })
export class NonconformityModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field(() => NonconformitySource)
  source: NonconformitySource;

  @Field(() => ID, { nullable: true })
  findingId: string | null;

  @Field(() => ID, { nullable: true })
  managementReviewId: string | null;

  @Field(() => String, { nullable: true })
  reference: string | null;

  @Field()
  description: string;

  @Field(() => NonconformitySeverity)
  severity: NonconformitySeverity;

  @Field(() => [String])
  requirementUrns: string[];

  @Field(() => String, { nullable: true })
  rootCause: string | null;

  @Field(() => NonconformityStatus)
  status: NonconformityStatus;

  @Field({ description: 'USER or API_KEY.' })
  raisedByType: string;

  @Field(() => ID, { nullable: true })
  raisedById: string | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why no corrective action was needed, when it was closed by that decision (42001 10.2 b).',
  })
  noActionReason: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The nonconformity of the previous cycle this one continues.',
  })
  carriedFromId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('CorrectiveAction', {
  description: 'An action on the cause of a nonconformity (ISO/IEC 42001 10.2).',
})
export class CorrectiveActionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  nonconformityId: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  description: string;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field()
  dueAt: Date;

  @Field(() => CorrectiveActionStatus)
  status: CorrectiveActionStatus;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'The effectiveness check, once completed.' })
  effective: boolean | null;

  @Field(() => String, { nullable: true })
  effectivenessNotes: string | null;

  @Field(() => String, { nullable: true })
  verifiedByType: string | null;

  @Field(() => ID, { nullable: true })
  verifiedById: string | null;

  @Field(() => ID, { nullable: true, description: 'The action of the previous cycle this one continues.' })
  carriedFromId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class RaiseNonconformityPayload {
  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class UpdateNonconformityPayload {
  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class AddCorrectiveActionPayload {
  @Field(() => CorrectiveActionModel)
  correctiveAction: CorrectiveActionModel;

  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class CompleteCorrectiveActionPayload {
  @Field(() => CorrectiveActionModel)
  correctiveAction: CorrectiveActionModel;

  @Field(() => NonconformityModel, { description: 'CLOSED when this action closed it.' })
  nonconformity: NonconformityModel;
}
