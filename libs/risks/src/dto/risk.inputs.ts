import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LifecycleStage } from '@aims/ai-systems';
import { TreatmentActionStatus, TreatmentOption } from '../risk.enums';
import { RiskStatus } from '../risk-status';
import { trim } from '@aims/platform';

/** Present fields must hold a value; `null` is refused rather than read as "unchanged". */
const present = (_: object, value: unknown) => value !== undefined;
const MAX_LINKS = 50;
const UUID = { message: 'must be a UUID' };

/** Validation shared by every list of requirement URNs; the service checks each against the catalog. */
const UrnList = () =>
  applyDecorators(
    ValidateIf(present),
    IsArray(),
    ArrayMaxSize(MAX_LINKS),
    IsString({ each: true }),
    Length(1, 300, { each: true, message: 'each URN must be 1 to 300 characters' }),
  );

@InputType({ isAbstract: true })
abstract class RiskLinks {
  @Field(() => [ID], { nullable: true, description: 'AI systems the risk concerns.' })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsUUID('all', { each: true, message: 'each id must be a UUID' })
  aiSystemIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'ISO/IEC 23894 Annex B risk source URNs (kind RISK_SOURCE).',
  })
  @UrnList()
  riskSourceUrns?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'TC260 taxonomy node URNs: risks, risk groups or risk categories of a TC260 framework.',
  })
  @UrnList()
  tc260NodeUrns?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'NIST AI RMF trustworthiness characteristic URNs (kind CHARACTERISTIC).',
  })
  @UrnList()
  trustworthinessCharacteristicUrns?: string[];

  @Field(() => LifecycleStage, { nullable: true, description: 'Life-cycle stage where the risk arises.' })
  @IsOptional()
  @IsEnum(LifecycleStage)
  lifecycleStage?: LifecycleStage | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

@InputType({ description: 'Identifies a risk (ISO/IEC 23894 6.4.2); it starts IDENTIFIED.' })
export class CreateRiskInput extends RiskLinks {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 300, { message: 'must be 1 to 300 characters' })
  title: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;
}

@InputType({ description: 'Omitted fields are unchanged; `null` clears an optional field; lists replace.' })
export class UpdateRiskInput extends RiskLinks {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(1, 300, { message: 'must be 1 to 300 characters' })
  title?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string | null;

  @Field(() => RiskStatus, {
    nullable: true,
    description:
      'Move to ANALYSED, EVALUATED, TREATING or MONITORING; ACCEPTED and CLOSED have their own mutations.',
  })
  @ValidateIf(present)
  @IsEnum(RiskStatus)
  status?: RiskStatus;
}

@InputType({ description: 'A position on each of the organisation’s scales; the server computes the level.' })
export class ScoreInput {
  @Field(() => Int, { description: 'From 1 to the size of the likelihood scale.' })
  @IsInt()
  @Min(1)
  likelihood: number;

  @Field(() => Int, { description: 'From 1 to the size of the consequence scale.' })
  @IsInt()
  @Min(1)
  consequence: number;
}

@InputType({ description: 'Analyses a risk (ISO/IEC 23894 6.4.3): inherent and/or residual score.' })
export class AssessRiskInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  riskId: string;

  @Field(() => ScoreInput, { nullable: true, description: 'Before treatment.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoreInput)
  inherent?: ScoreInput;

  @Field(() => ScoreInput, { nullable: true, description: 'After treatment; needs an inherent score.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoreInput)
  residual?: ScoreInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

@InputType()
export class TreatmentActionInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 500, { message: 'must be 1 to 500 characters' })
  title: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  dueDate?: Date;

  @Field(() => TreatmentActionStatus, { nullable: true, defaultValue: TreatmentActionStatus.PLANNED })
  @IsOptional()
  @IsEnum(TreatmentActionStatus)
  status?: TreatmentActionStatus;
}

@InputType({ description: 'Selects a treatment (ISO/IEC 23894 6.5); the risk moves to TREATING.' })
export class SetRiskTreatmentInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  riskId: string;

  @Field(() => TreatmentOption)
  @IsEnum(TreatmentOption)
  option: TreatmentOption;

  @Field(() => [TreatmentActionInput], {
    nullable: true,
    description: 'The treatment plan; replaces the previous one.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => TreatmentActionInput)
  actions?: TreatmentActionInput[];

  @Field(() => [String], {
    nullable: true,
    description:
      'Controls treating the risk: ISO/IEC 42001 Annex A controls or any assessable requirement URN.',
  })
  @UrnList()
  controlUrns?: string[];
}

@InputType({
  description: 'Retains the risk by an informed, time-boxed decision of someone other than its owner.',
})
export class AcceptRiskInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  riskId: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  rationale: string;

  @Field({ description: 'When the acceptance expires and the risk reopens; must be in the future.' })
  @IsDate()
  acceptedUntil: Date;

  @Field({
    nullable: true,
    description: 'Required when the current level is above the organisation’s appetite.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  overrideReason?: string;
}

@InputType()
export class CloseRiskInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  riskId: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  reason: string;
}

@InputType()
export class RiskFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  aiSystemId?: string;

  @Field(() => [RiskStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(RiskStatus, { each: true })
  status?: RiskStatus[];

  @Field(() => Int, { nullable: true, description: 'Inherent level index.' })
  @IsOptional()
  @IsInt()
  inherentLevel?: number;

  @Field(() => Int, { nullable: true, description: 'Residual level index.' })
  @IsOptional()
  @IsInt()
  residualLevel?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field({ nullable: true, description: 'Open risks whose review date has passed (true) or not (false).' })
  @IsOptional()
  @IsBoolean()
  reviewOverdue?: boolean;

  @Field({ nullable: true, description: 'Risks linked to this TC260 taxonomy node URN.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  tc260NodeUrn?: string;

  @Field({
    nullable: true,
    description:
      'Risks whose current level (residual, else inherent) is above the appetite (true) or within it (false).',
  })
  @IsOptional()
  @IsBoolean()
  aboveAppetite?: boolean;

  @Field({ nullable: true, description: 'Case-insensitive match on title or description.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  text?: string;
}
