import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ManagementReviewTopic } from './management-review.enums';

@ObjectType('ManagementReviewInput', {
  description: 'Whether a management review considered one 9.3.2 input.',
})
export class ManagementReviewInputModel {
  @Field(() => ManagementReviewTopic)
  topic: ManagementReviewTopic;

  @Field({ description: 'What the topic covers.' })
  description: string;

  @Field()
  covered: boolean;

  @Field(() => String, { nullable: true })
  notes: string | null;
}

@ObjectType('ManagementReviewAction')
export class ManagementReviewActionModel {
  @Field()
  description: string;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => Date, { nullable: true })
  dueAt: Date | null;
}

@ObjectType('ManagementReview', { description: 'A management review of the AIMS (ISO/IEC 42001 9.3).' })
export class ManagementReviewModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  heldAt: Date;

  @Field(() => [String])
  attendees: string[];

  @Field(() => [String])
  decisions: string[];

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field({ description: 'USER or API_KEY.' })
  recordedByType: string;

  @Field(() => ID, { nullable: true })
  recordedById: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class RecordManagementReviewPayload {
  @Field(() => ManagementReviewModel)
  managementReview: ManagementReviewModel;
}
