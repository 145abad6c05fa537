import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { trim } from '@aims/platform';
import { CoverageImplementationStatus } from '../coverage.model';

@InputType({
  description:
    'States how far the organisation conforms to one requirement outside the cycle checklist and SoA (any framework), with a justification and an owner.',
})
export class SetRequirementStatusInput {
  @Field({ description: 'An assessable requirement, e.g. urn:aims:req:eu-ai-act:art-9.' })
  @IsString()
  @MaxLength(300)
  requirementUrn: string;

  @Field(() => CoverageImplementationStatus)
  @IsEnum(CoverageImplementationStatus)
  status: CoverageImplementationStatus;

  @Field({ description: 'Why the statement holds (or why the requirement does not apply).' })
  @Transform(trim)
  @IsString()
  @Length(1, 5000)
  justification: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all')
  ownerId?: string;
}
