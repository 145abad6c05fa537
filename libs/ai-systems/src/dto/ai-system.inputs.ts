import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AISystemRole, LifecycleStage } from '../ai-system.enums';
import {
  AnnexIIIPoint,
  DerogationCondition,
  EuAiActTier,
  ProhibitedPractice,
  TransparencyTrigger,
} from '../eu-ai-act-tier';
import { ApplicationScale, IntelligenceLevel, ScenarioCriticality, Tc260Grade } from '../tc260-grading';
import { trim } from '@aims/platform';
import { EntryList, MAX_LIST, OptionalText, present } from './input-rules';

@InputType({
  description: 'Answers for the EU AI Act tier; omitted lists are empty and omitted flags false.',
})
export class EuAiActAnswersInput {
  @Field(() => [ProhibitedPractice], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ProhibitedPractice, { each: true })
  prohibitedPractices?: ProhibitedPractice[];

  @Field({
    nullable: true,
    description:
      'Art. 6(1): an Annex I product, or its safety component, needing third-party conformity assessment.',
  })
  @IsOptional()
  @IsBoolean()
  annexISafetyComponent?: boolean;

  @Field(() => [AnnexIIIPoint], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AnnexIIIPoint, { each: true })
  annexIIIPoints?: AnnexIIIPoint[];

  @Field(() => [DerogationCondition], {
    nullable: true,
    description: 'Art. 6(3) conditions documented as met.',
  })
  @IsOptional()
  @IsArray()
  @IsEnum(DerogationCondition, { each: true })
  derogationConditions?: DerogationCondition[];

  @Field({ nullable: true, description: 'The system profiles natural persons (GDPR Art. 4(4)).' })
  @IsOptional()
  @IsBoolean()
  profiling?: boolean;

  @Field(() => [TransparencyTrigger], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TransparencyTrigger, { each: true })
  transparencyTriggers?: TransparencyTrigger[];

  @Field({
    nullable: true,
    description:
      'Art. 5(1)(f) exception: emotion recognition at work or in education is for medical or safety reasons; the use is then high-risk under Annex III 1(c), not prohibited.',
  })
  @IsOptional()
  @IsBoolean()
  medicalOrSafetyUse?: boolean;

  @Field({
    nullable: true,
    description: 'The system is, or is built on, a general-purpose AI model (EU AI Act Chapter V).',
  })
  @IsOptional()
  @IsBoolean()
  gpaiModel?: boolean;

  @Field({
    nullable: true,
    description: 'That general-purpose AI model has systemic risk (Art. 51); ignored without gpaiModel.',
  })
  @IsOptional()
  @IsBoolean()
  gpaiSystemicRisk?: boolean;
}

/** What creating and updating an AI system describe alike: optional text and TC260 grading inputs. */
@InputType({ isAbstract: true })
abstract class AISystemDetails {
  @Field(() => String, { nullable: true })
  @OptionalText(5000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(2000)
  intendedPurpose?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  modelName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  modelVersion?: string | null;

  @Field(() => IntelligenceLevel, { nullable: true })
  @IsOptional()
  @IsEnum(IntelligenceLevel)
  intelligenceLevel?: IntelligenceLevel | null;

  @Field(() => ScenarioCriticality, { nullable: true })
  @IsOptional()
  @IsEnum(ScenarioCriticality)
  scenarioCriticality?: ScenarioCriticality | null;

  @Field(() => ApplicationScale, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationScale)
  applicationScale?: ApplicationScale | null;
}

@InputType()
export class CreateAISystemInput extends AISystemDetails {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name: string;

  @Field(() => AISystemRole, { description: 'The organisation’s role towards the system.' })
  @IsEnum(AISystemRole)
  role: AISystemRole;

  @Field(() => LifecycleStage)
  @IsEnum(LifecycleStage)
  lifecycleStage: LifecycleStage;

  @Field(() => [String], {
    nullable: true,
    description: 'Categories of data processed, e.g. "CVs", "payment history".',
  })
  @IsOptional()
  @EntryList()
  dataCategories?: string[];

  @Field(() => [String], { nullable: true, description: 'People or groups affected by the system.' })
  @IsOptional()
  @EntryList()
  affectedParties?: string[];

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  ownerId?: string;

  @Field(() => EuAiActAnswersInput, {
    nullable: true,
    description: 'Classify right away (same as classifyAISystem).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EuAiActAnswersInput)
  euAiActAnswers?: EuAiActAnswersInput;
}

@InputType({ description: 'Omitted fields are unchanged; `null` clears an optional field.' })
export class UpdateAISystemInput extends AISystemDetails {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string;

  @Field(() => AISystemRole, { nullable: true })
  @ValidateIf(present)
  @IsEnum(AISystemRole)
  role?: AISystemRole;

  @Field(() => LifecycleStage, { nullable: true })
  @ValidateIf(present)
  @IsEnum(LifecycleStage)
  lifecycleStage?: LifecycleStage;

  @Field(() => [String], { nullable: true })
  @ValidateIf(present)
  @EntryList()
  dataCategories?: string[];

  @Field(() => [String], { nullable: true })
  @ValidateIf(present)
  @EntryList()
  affectedParties?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  ownerId?: string | null;
}

@InputType()
export class ClassifyAISystemInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  aiSystemId: string;

  @Field(() => EuAiActAnswersInput)
  @ValidateNested()
  @Type(() => EuAiActAnswersInput)
  answers: EuAiActAnswersInput;
}

@InputType()
export class AISystemFilter {
  @Field(() => EuAiActTier, { nullable: true })
  @IsOptional()
  @IsEnum(EuAiActTier)
  tier?: EuAiActTier;

  @Field(() => Tc260Grade, { nullable: true })
  @IsOptional()
  @IsEnum(Tc260Grade)
  grade?: Tc260Grade;

  @Field(() => LifecycleStage, { nullable: true })
  @IsOptional()
  @IsEnum(LifecycleStage)
  lifecycleStage?: LifecycleStage;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  ownerId?: string;

  @Field({
    nullable: true,
    description: 'Case-insensitive match on name, description, intended purpose or model.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  text?: string;
}

@InputType()
export class Tc260GradeRuleInput {
  @Field(() => ScenarioCriticality)
  @IsEnum(ScenarioCriticality)
  scenarioCriticality: ScenarioCriticality;

  @Field(() => IntelligenceLevel)
  @IsEnum(IntelligenceLevel)
  intelligenceLevel: IntelligenceLevel;

  @Field(() => Tc260Grade)
  @IsEnum(Tc260Grade)
  grade: Tc260Grade;
}

@InputType()
export class Tc260ScaleStepInput {
  @Field(() => ApplicationScale)
  @IsEnum(ApplicationScale)
  applicationScale: ApplicationScale;

  @Field(() => Int)
  @IsInt()
  @Min(-4)
  @Max(4)
  steps: number;
}

@InputType({
  description:
    'A complete rule table: one base grade per scenario × intelligence level, one step count per scale.',
})
export class UpdateTc260RuleTableInput {
  @Field(() => [Tc260GradeRuleInput])
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @ValidateNested({ each: true })
  @Type(() => Tc260GradeRuleInput)
  base: Tc260GradeRuleInput[];

  @Field(() => [Tc260ScaleStepInput])
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @ValidateNested({ each: true })
  @Type(() => Tc260ScaleStepInput)
  scaleSteps: Tc260ScaleStepInput[];
}
