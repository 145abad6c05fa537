import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IdList, present, Text, UUID } from '../input-rules';

@InputType({
  description: 'Starts a PDCA cycle in PLAN, with its clause checklist and Statement of Applicability.',
})
export class CreateCycleInput {
  @Field()
  @Text(200)
  name: string;

  @Field()
  @IsDate()
  periodStart: Date;

  @Field({ description: 'Exclusive; after periodStart. The next cycle starts here.' })
  @IsDate()
  periodEnd: Date;

  @Field(() => [ID], { nullable: true, description: 'AI systems in scope.' })
  @IdList(200)
  aiSystemIds?: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Boundaries of the AIMS in free text: sites, units, exclusions (ISO/IEC 42001 4.3).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  scopeStatement?: string | null;
}

@InputType({ description: 'Omitted fields are unchanged; `null` clears the scope statement; lists replace.' })
export class UpdateCycleInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Text(200)
  name?: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @IsDate()
  periodStart?: Date;

  @Field({ nullable: true })
  @ValidateIf(present)
  @IsDate()
  periodEnd?: Date;

  @Field(() => [ID], { nullable: true })
  @IdList(200)
  aiSystemIds?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  scopeStatement?: string | null;
}

@InputType({
  description: 'Moves the cycle past an unmet gate (OWNER and ADMIN only); recorded in the audit trail.',
})
export class GateOverrideInput {
  @Field()
  @Text(5000)
  reason: string;
}

@InputType({ description: 'Moves a cycle one phase forward when its gate holds.' })
export class AdvanceCycleInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field(() => GateOverrideInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GateOverrideInput)
  override?: GateOverrideInput;
}
