import { Field, ID, ObjectType } from '@nestjs/graphql';
import { FindingType, InternalAuditStatus } from './internal-audit.enums';

@ObjectType('InternalAudit', { description: 'An internal audit of the AIMS (ISO/IEC 42001 9.2).' })
export class InternalAuditModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  title: string;

  @Field()
  scope: string;

  @Field(() => ID)
  leadAuditorId: string;

  @Field()
  plannedStartAt: Date;

  @Field(() => Date, { nullable: true })
  plannedEndAt: Date | null;

  @Field(() => InternalAuditStatus)
  status: InternalAuditStatus;

  @Field(() => Date, { nullable: true })
  performedStartAt: Date | null;

  @Field(() => Date, { nullable: true })
  performedEndAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true })
  conclusion: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('AuditFinding', { description: 'What an internal audit found.' })
export class AuditFindingModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  auditId: string;

  @Field(() => ID)
  cycleId: string;

  @Field(() => FindingType)
  type: FindingType;

  @Field(() => [String])
  requirementUrns: string[];

  @Field()
  description: string;

  @Field({ description: 'USER or API_KEY.' })
  recordedByType: string;

  @Field(() => ID, { nullable: true })
  recordedById: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class CreateInternalAuditPayload {
  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}

@ObjectType()
export class CompleteInternalAuditPayload {
  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}

@ObjectType()
export class AddAuditFindingPayload {
  @Field(() => AuditFindingModel)
  finding: AuditFindingModel;

  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}
