import { Field, ID, InputType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { NonconformitySeverity, NonconformitySource } from './nonconformity.enums';
import { present, Text, UrnList, UUID } from '../input-rules';

@InputType({ description: 'Raises a nonconformity in a cycle (ISO/IEC 42001 10.2).' })
export class RaiseNonconformityInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field(() => NonconformitySource)
  @IsEnum(NonconformitySource)
  source: NonconformitySource;

  @Field(() => ID, {
    nullable: true,
    description: 'Required for AUDIT_FINDING: a MAJOR or MINOR nonconformity finding of this cycle.',
  })
  @IsOptional()
  @IsUUID('all', UUID)
  findingId?: string;

  @Field(() => ID, { nullable: true, description: 'Required for MANAGEMENT_REVIEW: a review of this cycle.' })
  @IsOptional()
  @IsUUID('all', UUID)
  managementReviewId?: string;

  @Field({ nullable: true, description: 'Outside reference, e.g. the incident ticket.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reference?: string;

  @Field()
  @Text(10000)
  description: string;

  @Field(() => NonconformitySeverity, {
    nullable: true,
    description: 'Required unless raised from a finding, whose type gives it.',
  })
  @IsOptional()
  @IsEnum(NonconformitySeverity)
  severity?: NonconformitySeverity;

  @Field(() => [String], {
    nullable: true,
    description: 'Requirements not fulfilled; a finding’s are used when omitted.',
  })
  @IsOptional()
  @UrnList()
  requirementUrns?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  rootCause?: string;
}

@InputType({ description: 'Omitted fields are unchanged; `null` clears the root cause.' })
export class UpdateNonconformityInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Text(10000)
  description?: string;

  @Field(() => String, { nullable: true, description: 'The causes, once determined (ISO/IEC 42001 10.2 b).' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  rootCause?: string | null;
}

@InputType({
  description: 'Plans an action to eliminate the cause of a nonconformity (ISO/IEC 42001 10.2 c).',
})
export class AddCorrectiveActionInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  nonconformityId: string;

  @Field()
  @Text(5000)
  description: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field({ description: 'Past it, an open action is overdue.' })
  @IsDate()
  dueAt: Date;
}

@InputType({
  description:
    'Completes a corrective action with its effectiveness check (ISO/IEC 42001 10.2 d). An effective action closes the nonconformity once no other action is open; an ineffective one keeps it open.',
})
export class CompleteCorrectiveActionInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  correctiveActionId: string;

  @Field({ description: 'Did the action eliminate the cause?' })
  @IsBoolean()
  effective: boolean;

  @Field({ nullable: true, description: 'How effectiveness was checked, and what was seen.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string;
}

@InputType({
  description:
    'Records that an open MINOR nonconformity needs no corrective action, and why (ISO/IEC 42001 10.2 b); it closes. A MAJOR one always needs an action.',
})
export class DecideNoCorrectiveActionInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  nonconformityId: string;

  @Field({ description: 'Why no action is needed.' })
  @Text(5000)
  reason: string;
}
