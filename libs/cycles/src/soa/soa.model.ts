import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ImplementationStatus, SoAEntryOrigin } from './soa.enums';

@ObjectType({ description: 'How far the Statement of Applicability is decided.' })
export class SoACompletenessModel {
  @Field(() => Int)
  total: number;

  @Field(() => Int, { description: 'Entries decided with a justification (and a status when applicable).' })
  decided: number;

  @Field(() => Int, { description: 'Carried over from the previous cycle, not yet confirmed.' })
  awaitingConfirmation: number;

  @Field(() => Int)
  applicable: number;

  @Field(() => Int)
  notApplicable: number;

  @Field(() => Int, { description: '0–100.' })
  percent: number;

  @Field()
  complete: boolean;
}

@ObjectType('SoAEntry', { description: 'One control in a Statement of Applicability (ISO/IEC 42001 6.1.3).' })
export class SoAEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  controlUrn: string;

  @Field({ description: 'Control number, e.g. A.6.2.4.' })
  refId: string;

  @Field()
  title: string;

  @Field(() => SoAEntryOrigin)
  origin: SoAEntryOrigin;

  @Field(() => Boolean, { nullable: true, description: 'Null until decided.' })
  applicable: boolean | null;

  @Field(() => String, { nullable: true })
  justification: string | null;

  @Field(() => ImplementationStatus, { nullable: true })
  implementationStatus: ImplementationStatus | null;

  @Field(() => [ID])
  linkedRiskIds: string[];

  @Field({ description: 'Copied from the previous cycle: confirm it with setSoAEntry.' })
  carriedOver: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'The entry of the previous cycle this one was copied from.',
  })
  carriedFromId: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => ID, { nullable: true })
  decidedById: string | null;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class SetSoAEntryPayload {
  @Field(() => SoAEntryModel)
  soaEntry: SoAEntryModel;
}

@ObjectType()
export class AddSoAControlPayload {
  @Field(() => SoAEntryModel)
  soaEntry: SoAEntryModel;
}
