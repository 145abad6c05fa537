import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ReassessmentKind, ReassessmentStatus, ReassessmentSubjectType } from '../reassessment.enums';
import { trim } from '@aims/platform';

const UUID = { message: 'must be a UUID' };

@InputType()
export class ReassessmentTaskFilter {
  @Field(() => [ReassessmentKind], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ReassessmentKind, { each: true })
  kind?: ReassessmentKind[];

  @Field(() => [ReassessmentStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ReassessmentStatus, { each: true })
  status?: ReassessmentStatus[];

  @Field(() => ReassessmentSubjectType, { nullable: true })
  @IsOptional()
  @IsEnum(ReassessmentSubjectType)
  subjectType?: ReassessmentSubjectType;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  subjectId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  assigneeId?: string;

  @Field({ nullable: true, description: 'Open tasks past their due date (true) or not (false).' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@InputType({ description: 'Marks an open reassessment task done by hand.' })
export class CompleteReassessmentTaskInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  taskId: string;

  @Field({ nullable: true, description: 'What was reassessed and concluded.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  note?: string;
}
