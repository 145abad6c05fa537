import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { ReassessmentKind, ReassessmentStatus, ReassessmentSubjectType } from './reassessment.enums';

@ObjectType('ReassessmentTask', { description: 'Due reassessment work found by the scheduled sweep.' })
export class ReassessmentTaskModel {
  @Field(() => ID)
  id: string;

  @Field(() => ReassessmentKind)
  kind: ReassessmentKind;

  @Field(() => ReassessmentSubjectType)
  subjectType: ReassessmentSubjectType;

  @Field(() => ID)
  subjectId: string;

  @Field({ description: 'The subject’s review date, expiry or due date the task was created for.' })
  dueAt: Date;

  @Field(() => Int, { nullable: true, description: 'Days-before-expiry notice (30, 7 or 1), if any.' })
  thresholdDays: number | null;

  @Field(() => ReassessmentStatus)
  status: ReassessmentStatus;

  @Field({ description: 'Open and past its due date.' })
  overdue: boolean;

  @Field(() => ID, { nullable: true })
  assigneeId: string | null;

  @Field(() => Date, { nullable: true })
  escalatedAt: Date | null;

  @Field(() => [ID], { description: 'OWNER and ADMIN users the task escalated to.' })
  escalatedTo: string[];

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => ID, { nullable: true })
  completedById: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  createdAt: Date;
}

export const ReassessmentTaskConnection = ConnectionType(ReassessmentTaskModel, 'ReassessmentTask');

@ObjectType()
export class CompleteReassessmentTaskPayload {
  @Field(() => ReassessmentTaskModel)
  task: ReassessmentTaskModel;
}
