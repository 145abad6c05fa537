import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EvidenceKind, EvidenceReviewDecision, EvidenceStatus } from '../evidence.enums';
import { trim } from '@aims/platform';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
/** Present fields must hold a value; `null` is refused rather than read as "unchanged". */
const present = (_: object, value: unknown) => value !== undefined;
const UUID = { message: 'must be a UUID' };
const MAX_LINKS = 100;
const MAX_FREQUENCY_DAYS = 3650;

const IdList = () =>
  applyDecorators(
    ValidateIf(present),
    IsArray(),
    ArrayMaxSize(MAX_LINKS),
    IsUUID('all', { each: true, message: 'each id must be a UUID' }),
  );

const Sha256 = () =>
  applyDecorators(
    IsOptional(),
    Transform(lower),
    Matches(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 in hex (64 characters)' }),
  );

const HttpUrl = () =>
  applyDecorators(
    Transform(trim),
    IsString(),
    MaxLength(2000),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: 'must be an http(s) URL' },
    ),
  );

@InputType({ description: 'Things evidence supports. Every id must exist in the organisation.' })
export class EvidenceLinksInput {
  @Field(() => [String], { nullable: true, description: 'Assessable requirement URNs of any framework.' })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsString({ each: true })
  @Length(1, 300, { each: true, message: 'each URN must be 1 to 300 characters' })
  requirementUrns?: string[];

  @Field(() => [ID], { nullable: true })
  @IdList()
  riskIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Statement of Applicability entries.' })
  @IdList()
  soaEntryIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Clause checklist items of a cycle.' })
  @IdList()
  checklistItemIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Internal audit findings.' })
  @IdList()
  auditFindingIds?: string[];
}

@InputType({ isAbstract: true })
abstract class ValidityInput {
  @Field(() => Date, { nullable: true, description: 'When the evidence was collected.' })
  @IsOptional()
  @IsDate()
  collectedAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Start of the period the evidence proves something for.',
  })
  @IsOptional()
  @IsDate()
  validFrom?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'After this instant the evidence is EXPIRED and stops counting for coverage.',
  })
  @IsOptional()
  @IsDate()
  validUntil?: Date | null;
}

@InputType({
  description:
    'Creates evidence in DRAFT. LINK evidence gives its URL here (its first version); other kinds upload files ' +
    'with createEvidenceUpload.',
})
export class CreateEvidenceInput extends ValidityInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 300, { message: 'must be 1 to 300 characters' })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => EvidenceKind)
  @IsEnum(EvidenceKind)
  kind: EvidenceKind;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation; defaults to the caller.' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field(() => Int, { nullable: true, description: 'How often the evidence is collected again, in days.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FREQUENCY_DAYS)
  collectionFrequencyDays?: number | null;

  @Field(() => String, { nullable: true, description: 'LINK evidence only (required for it): http(s) URL.' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @HttpUrl()
  url?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'LINK evidence only: SHA-256 (hex) of the content the URL served, as fetched by the client.',
  })
  @Sha256()
  sha256?: string | null;

  @Field(() => EvidenceLinksInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceLinksInput)
  links?: EvidenceLinksInput;
}

@InputType({
  description:
    'Omitted fields are unchanged; `null` clears an optional field. Validity dates can change only while the ' +
    'evidence is DRAFT or REJECTED: reviewed evidence gets new dates with a new version.',
})
export class UpdateEvidenceInput extends ValidityInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;

  @Field({ nullable: true })
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(1, 300, { message: 'must be 1 to 300 characters' })
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FREQUENCY_DAYS)
  collectionFrequencyDays?: number | null;
}

@InputType({
  description:
    'Asks for a short-lived signed URL to PUT one file to; the bytes become a new version. Validity dates given ' +
    'here apply with that version.',
})
export class CreateEvidenceUploadInput extends ValidityInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;

  @Field({ description: 'The original file name, recorded with the version (no path).' })
  @Transform(trim)
  @IsString()
  @Length(1, 255, { message: 'must be 1 to 255 characters' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^/\\\u0000-\u001f\u007f]+$/, {
    message: 'must be a file name without path or control characters',
  })
  fileName: string;

  @Field({
    description: 'Media type recorded with the version and served on download, e.g. application/pdf.',
  })
  @Transform(lower)
  @IsString()
  @MaxLength(255)
  @Matches(
    /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"]*"|[a-z0-9!#$&^_.+-]+))*$/,
    {
      message: 'must be a media type such as application/pdf',
    },
  )
  mediaType: string;

  @Field(() => Number, {
    nullable: true,
    description:
      'Size the client intends to send, in bytes; refused early when above the limit. Required for direct ' +
      'uploads to object storage, where it is bound into the URL.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  sizeBytes?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the file. Required for direct uploads to object storage, where it is bound into the ' +
      'URL; the version is recorded only if the stored object has exactly this hash and size.',
  })
  @Sha256()
  sha256?: string | null;
}

@InputType()
export class CompleteEvidenceUploadInput {
  @Field(() => ID, { description: 'The uploadId createEvidenceUpload returned for a direct upload.' })
  @IsUUID('all', UUID)
  uploadId: string;
}

@InputType({
  description: 'A new version of LINK evidence: the URL and, optionally, the hash of its content.',
})
export class AddEvidenceLinkVersionInput extends ValidityInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;

  @Field()
  @HttpUrl()
  url: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of the content the URL served.' })
  @Sha256()
  sha256?: string | null;
}

@InputType()
export class SubmitEvidenceInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;
}

@InputType({ description: 'Accepts or rejects the submitted version; the reviewer cannot be its uploader.' })
export class ReviewEvidenceInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;

  @Field(() => EvidenceReviewDecision)
  @IsEnum(EvidenceReviewDecision)
  decision: EvidenceReviewDecision;

  @Field(() => String, { nullable: true, description: 'Required when rejecting.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  comment?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The version the reviewer examined; refused if another version is under review.',
  })
  @IsOptional()
  @IsUUID('all', UUID)
  versionId?: string;
}

@InputType()
export class LinkEvidenceInput extends EvidenceLinksInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;
}

@InputType()
export class UnlinkEvidenceInput extends EvidenceLinksInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;
}

@InputType()
export class CreateEvidenceDownloadInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;

  @Field(() => ID, { nullable: true, description: 'Defaults to the latest version.' })
  @IsOptional()
  @IsUUID('all', UUID)
  versionId?: string;
}

@InputType()
export class EvidenceFilter {
  @Field(() => [EvidenceStatus], {
    nullable: true,
    description: 'Effective status: EXPIRED is computed now.',
  })
  @IsOptional()
  @IsArray()
  @IsEnum(EvidenceStatus, { each: true })
  status?: EvidenceStatus[];

  @Field(() => [EvidenceKind], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(EvidenceKind, { each: true })
  kind?: EvidenceKind[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID)
  ownerId?: string;

  @Field({ nullable: true, description: 'Evidence linked to this requirement URN.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  requirementUrn?: string;

  @Field(() => ID, { nullable: true, description: 'Evidence linked to this risk.' })
  @IsOptional()
  @IsUUID('all', UUID)
  riskId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Evidence linked to this cycle’s checklist items or Statement of Applicability entries.',
  })
  @IsOptional()
  @IsUUID('all', UUID)
  cycleId?: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Evidence whose validUntil is at or before this instant (already expired included).',
  })
  @IsOptional()
  @IsDate()
  expiringBefore?: Date;
}
