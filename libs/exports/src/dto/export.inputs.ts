import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
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
  MinLength,
} from 'class-validator';
import { trim } from '@aims/platform';
import { ExportStatus } from '../export.enums';

const UUID = { message: 'must be a UUID' };
const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

@InputType({ description: 'What an evidence pack covers (docs/domain-rules.md#evidence-packs).' })
export class RequestEvidencePackInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  cycleId: string;

  @Field(() => [String], { description: 'Frameworks whose coverage the pack shows (URNs).' })
  @Transform(trimEach)
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one framework' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  frameworkUrns: string[];

  @Field({ description: 'Start of the audited period (audit events from here).' })
  @IsDate()
  periodStart: Date;

  @Field({ description: 'End of the audited period; after periodStart.' })
  @IsDate()
  periodEnd: Date;

  @Field({
    nullable: true,
    description: 'The instant the pack is built as of (default: now). The same asOf gives the same bytes.',
  })
  @IsOptional()
  @IsDate()
  asOf?: Date;

  @Field({ nullable: true, defaultValue: true, description: 'Copy the evidence files into the pack.' })
  @IsOptional()
  @IsBoolean()
  includeEvidenceFiles?: boolean;
}

@InputType()
export class ExportJobFilter {
  @Field(() => [ExportStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ExportStatus, { each: true })
  status?: ExportStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  cycleId?: string;

  @Field(() => ID, { nullable: true, description: 'Jobs requested by this user or API key.' })
  @IsOptional()
  @IsUUID('all', UUID)
  requestedBy?: string;
}

@InputType()
export class CreateExportDownloadInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  jobId: string;
}

@InputType()
export class RotatePackSigningKeyInput {
  @Field({
    description: 'Why the key is replaced (scheduled, suspected compromise, ...); kept in the audit log.',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 2000, { message: 'must be 1 to 2000 characters' })
  reason: string;
}
