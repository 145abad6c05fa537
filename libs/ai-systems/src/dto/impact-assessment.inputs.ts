import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trim } from '@aims/platform';
import { ImpactKind } from '../ai-system.enums';
import { EntryList, OptionalText, present, trimEach } from './input-rules';

@InputType()
export class ImpactInput {
  @Field(() => ImpactKind)
  @IsEnum(ImpactKind)
  kind: ImpactKind;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 2000, { message: 'must be 1 to 2000 characters' })
  description: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  affectedGroup: string;

  @Field(() => Int, { description: '1 (negligible) to 5 (critical).' })
  @IsInt()
  @Min(1)
  @Max(5)
  severity: number;

  @Field(() => Int, { description: '1 (rare) to 5 (almost certain).' })
  @IsInt()
  @Min(1)
  @Max(5)
  likelihood: number;
}

/** The ISO/IEC 42005 clause 6 content shared by creating and editing a version. */
@InputType({ isAbstract: true })
abstract class ImpactAssessmentContent {
  @Field(() => String, { nullable: true })
  @OptionalText(10000)
  systemInformation?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(10000)
  dataInformation?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(10000)
  modelInformation?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(10000)
  deploymentContext?: string | null;

  @Field(() => [String], { nullable: true })
  @ValidateIf(present)
  @EntryList()
  interestedParties?: string[];

  @Field(() => [ImpactInput], { nullable: true })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ImpactInput)
  impacts?: ImpactInput[];

  @Field(() => [String], { nullable: true })
  @ValidateIf(present)
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 2000, { each: true, message: 'each entry must be 1 to 2000 characters' })
  measures?: string[];
}

@InputType({ description: 'Starts a new DRAFT version of the AI system’s impact assessment.' })
export class CreateImpactAssessmentInput extends ImpactAssessmentContent {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  aiSystemId: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  scope: string;
}

@InputType({ description: 'Edits a DRAFT version; approved versions are frozen.' })
export class UpdateImpactAssessmentInput extends ImpactAssessmentContent {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  scope?: string;
}

@InputType()
export class ApproveImpactAssessmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;

  @Field({ nullable: true })
  @OptionalText(2000)
  comment?: string;
}
