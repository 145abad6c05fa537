import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ImplementationStatus } from './soa.enums';
import { IdList, Text, UUID } from '../input-rules';

@InputType({
  description:
    'Records (or re-confirms) the decision on one SoA entry, named by `entryId` or by `cycleId` and `controlUrn`.',
})
export class SetSoAEntryInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  entryId?: string;

  @Field(() => ID, { nullable: true, description: 'With controlUrn, instead of entryId.' })
  @IsOptional()
  @IsUUID('all', UUID)
  cycleId?: string;

  @Field({ nullable: true, description: 'With cycleId, instead of entryId.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  controlUrn?: string;

  @Field({ description: 'Whether the control is included in the AIMS.' })
  @IsBoolean()
  applicable: boolean;

  @Field({
    description: 'Why the control is included or excluded: required either way (ISO/IEC 42001 6.1.3).',
  })
  @Text(5000)
  justification: string;

  @Field(() => ImplementationStatus, {
    nullable: true,
    description: 'For an applicable control; the SoA is complete only when every applicable control has one.',
  })
  @IsOptional()
  @IsEnum(ImplementationStatus)
  implementationStatus?: ImplementationStatus;

  @Field(() => [ID], { nullable: true, description: 'Risks the control treats; replaces the list.' })
  @IdList()
  linkedRiskIds?: string[];
}

@InputType({ description: 'Adds a control of the organisation’s choosing to a cycle’s SoA, undecided.' })
export class AddSoAControlInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field({ description: 'Any assessable requirement of a catalog the organisation can see.' })
  @IsString()
  @Length(1, 300)
  controlUrn: string;
}
