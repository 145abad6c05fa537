import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PdcaPhase } from '@aims/catalog';
import { ChecklistStatus } from './checklist.enums';

@ObjectType('ChecklistItem', { description: 'One ISO/IEC 42001 clause in a cycle’s checklist.' })
export class ChecklistItemModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  requirementUrn: string;

  @Field({ description: 'Clause number, e.g. 6.1.3.' })
  refId: string;

  @Field()
  title: string;

  @Field(() => PdcaPhase)
  phase: PdcaPhase;

  @Field(() => ChecklistStatus)
  status: ChecklistStatus;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => String, { nullable: true })
  notes: string | null;

  @Field(() => Date, { nullable: true })
  statusChangedAt: Date | null;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class UpdateChecklistItemPayload {
  @Field(() => ChecklistItemModel)
  checklistItem: ChecklistItemModel;
}
