import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { trim } from '@aims/platform';
import { ManagementReviewTopic } from './management-review.enums';
import { MAX_LINKS, Text, UUID } from '../input-rules';

@InputType({ description: 'Whether the review considered one 9.3.2 input.' })
export class ReviewInputInput {
  @Field(() => ManagementReviewTopic)
  @IsEnum(ManagementReviewTopic)
  topic: ManagementReviewTopic;

  @Field()
  @IsBoolean()
  covered: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

@InputType()
export class ReviewActionInput {
  @Field()
  @Text(5000)
  description: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  dueAt?: Date;
}

@InputType({ description: 'Records a management review of the AIMS (ISO/IEC 42001 9.3).' })
export class RecordManagementReviewInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field({ description: 'When the review was held.' })
  @IsDate()
  heldAt: Date;

  @Field(() => [String], { description: 'Names as in the minutes; at least one.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'list at least one attendee' })
  @ArrayMaxSize(100)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v) => trim({ value: v })) : value,
  )
  @IsString({ each: true })
  @Length(1, 200, { each: true, message: 'each attendee must be 1 to 200 characters' })
  attendees: string[];

  @Field(() => [ReviewInputInput], {
    description: 'The 9.3.2 inputs considered; topics left out are recorded as not covered.',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReviewInputInput)
  inputs: ReviewInputInput[];

  @Field(() => [String], { nullable: true, description: 'Decisions (ISO/IEC 42001 9.3.3).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsString({ each: true })
  @Length(1, 5000, { each: true, message: 'each decision must be 1 to 5000 characters' })
  decisions?: string[];

  @Field(() => [ReviewActionInput], {
    nullable: true,
    description: 'Actions decided, with owner and due date.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => ReviewActionInput)
  actions?: ReviewActionInput[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  summary?: string;
}
