import { Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_CADENCE_DAYS, MAX_LEVELS, MAX_SCALE } from '../risk-level';
import { trim } from '@aims/platform';

@InputType({
  description: 'One point of a likelihood or consequence scale; its value is its position, from 1.',
})
export class ScalePointInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  label: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

@InputType({ description: 'One risk level; its index is its position, from 0 (lowest).' })
export class RiskLevelInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  label: string;

  @Field(() => Int, { description: 'Days between reviews of a risk at this level.' })
  @IsInt()
  @Min(1)
  @Max(MAX_CADENCE_DAYS)
  reviewCadenceDays: number;
}

@InputType({
  description:
    'Complete risk criteria. Scales have 3 to 7 points; `grid[l-1][c-1]` is the level index of likelihood l × consequence c.',
})
export class UpdateRiskCriteriaInput {
  @Field(() => [ScalePointInput], { description: 'Lowest likelihood first.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCALE + 1)
  @ValidateNested({ each: true })
  @Type(() => ScalePointInput)
  likelihoodScale: ScalePointInput[];

  @Field(() => [ScalePointInput], { description: 'Lowest consequence first.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCALE + 1)
  @ValidateNested({ each: true })
  @Type(() => ScalePointInput)
  consequenceScale: ScalePointInput[];

  @Field(() => [RiskLevelInput], { description: 'Lowest level first.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LEVELS + 1)
  @ValidateNested({ each: true })
  @Type(() => RiskLevelInput)
  levels: RiskLevelInput[];

  @Field(() => [[Int]], { description: 'One row per likelihood, one level index per consequence.' })
  @IsArray()
  @ArrayMaxSize(MAX_SCALE + 1)
  @IsArray({ each: true })
  grid: number[][];

  @Field(() => Int, {
    description: 'Index of the highest level retained without treatment; above it treatment is mandatory.',
  })
  @IsInt()
  appetiteLevel: number;
}
