import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ChecklistStatus } from './checklist.enums';
import { present, UUID } from '../input-rules';

@InputType({ description: 'Omitted fields are unchanged; `null` clears the owner or the notes.' })
export class UpdateChecklistItemInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field(() => ChecklistStatus, { nullable: true })
  @ValidateIf(present)
  @IsEnum(ChecklistStatus)
  status?: ChecklistStatus;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;
}
