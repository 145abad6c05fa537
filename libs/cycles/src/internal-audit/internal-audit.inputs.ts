import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMinSize, IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { FindingType } from './internal-audit.enums';
import { Text, UrnList, UUID } from '../input-rules';

@InputType({ description: 'Plans an internal audit of the cycle (ISO/IEC 42001 9.2).' })
export class CreateInternalAuditInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field({ nullable: true, description: 'Defaults to "Internal audit <n>".' })
  @IsOptional()
  @Text(300)
  title?: string;

  @Field({ description: 'What the audit covers: processes, clauses, AI systems, sites.' })
  @Text(10000)
  scope: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all', UUID)
  leadAuditorId?: string;

  @Field()
  @IsDate()
  plannedStartAt: Date;

  @Field({ nullable: true, description: 'Not before plannedStartAt.' })
  @IsOptional()
  @IsDate()
  plannedEndAt?: Date;
}

@InputType({ description: 'Records what an internal audit found; the audit moves to IN_PROGRESS.' })
export class AddAuditFindingInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  auditId: string;

  @Field(() => FindingType)
  @IsEnum(FindingType)
  type: FindingType;

  @Field(() => [String], {
    description: 'The requirements concerned: assessable catalog requirement URNs (clauses, controls, ...).',
  })
  @UrnList()
  @ArrayMinSize(1, { message: 'name at least one requirement' })
  requirementUrns: string[];

  @Field()
  @Text(10000)
  description: string;
}

@InputType({ description: 'Completes an internal audit; no findings can be added afterwards.' })
export class CompleteInternalAuditInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  auditId: string;

  @Field({ nullable: true, description: 'Defaults to plannedStartAt.' })
  @IsOptional()
  @IsDate()
  performedStartAt?: Date;

  @Field({ nullable: true, description: 'Defaults to now; not before performedStartAt.' })
  @IsOptional()
  @IsDate()
  performedEndAt?: Date;

  @Field({ nullable: true, description: 'The results as reported to management (ISO/IEC 42001 9.2.2).' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  conclusion?: string;
}
