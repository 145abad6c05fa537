import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { EvidenceKind, EvidenceLinkTargetType, EvidenceReviewDecision } from './evidence.enums';

@ObjectType('EvidenceVersion', {
  description: 'An immutable version: an uploaded file, or for LINK evidence a URL.',
})
export class EvidenceVersionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  evidenceItemId: string;

  @Field(() => Int, { description: '1, 2, ... per evidence item.' })
  number: number;

  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the file, computed by the server while receiving it; for LINK versions as given.',
  })
  sha256: string | null;

  @Field(() => Float, { nullable: true, description: 'Bytes; files only.' })
  sizeBytes: number | null;

  @Field(() => String, { nullable: true })
  mediaType: string | null;

  @Field(() => String, { nullable: true })
  originalName: string | null;

  @Field(() => String, { nullable: true, description: 'LINK evidence only.' })
  url: string | null;

  @Field({ description: 'USER or API_KEY.' })
  uploadedByType: string;

  @Field(() => ID, { nullable: true })
  uploadedById: string | null;

  @Field()
  uploadedAt: Date;
}

export const EvidenceVersionConnection = ConnectionType(EvidenceVersionModel, 'EvidenceVersion');

@ObjectType('EvidenceReview', { description: 'An accept or reject decision on one version.' })
export class EvidenceReviewModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  versionId: string;

  @Field(() => EvidenceReviewDecision)
  decision: EvidenceReviewDecision;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field({ description: 'USER or API_KEY.' })
  reviewerType: string;

  @Field(() => ID, { nullable: true })
  reviewerId: string | null;

  @Field()
  reviewedAt: Date;

  @Field(() => Date, { nullable: true, description: 'The validity reviewed.' })
  validFrom: Date | null;

  @Field(() => Date, { nullable: true })
  validUntil: Date | null;
}

@ObjectType('EvidenceLink', { description: 'Something a piece of evidence supports.' })
export class EvidenceLinkModel {
  @Field(() => ID)
  id: string;

  @Field(() => EvidenceLinkTargetType)
  targetType: EvidenceLinkTargetType;

  @Field({
    description: 'Requirement URN, or the id of the risk, SoA entry, checklist item or audit finding.',
  })
  targetId: string;

  @Field()
  createdAt: Date;
}

@ObjectType('EvidenceItem', { description: 'A piece of evidence.' })
export class EvidenceItemModel {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => EvidenceKind)
  kind: EvidenceKind;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => Date, { nullable: true })
  collectedAt: Date | null;

  @Field(() => Date, { nullable: true })
  validFrom: Date | null;

  @Field(() => Date, { nullable: true, description: 'Past it, the evidence is EXPIRED.' })
  validUntil: Date | null;

  @Field(() => Int, { nullable: true, description: 'Days between collections.' })
  collectionFrequencyDays: number | null;

  @Field(() => Int)
  versionCount: number;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a version was last accepted.' })
  acceptedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const EvidenceItemConnection = ConnectionType(EvidenceItemModel, 'EvidenceItem');

@ObjectType()
export class HttpHeader {
  @Field()
  name: string;

  @Field()
  value: string;
}

@ObjectType({ isAbstract: true })
abstract class EvidenceItemPayload {
  @Field(() => EvidenceItemModel)
  evidenceItem: EvidenceItemModel;
}

@ObjectType()
export class CreateEvidencePayload extends EvidenceItemPayload {}

@ObjectType()
export class UpdateEvidencePayload extends EvidenceItemPayload {}

@ObjectType()
export class SubmitEvidencePayload extends EvidenceItemPayload {}

@ObjectType()
export class ReviewEvidencePayload extends EvidenceItemPayload {
  @Field(() => EvidenceReviewModel)
  review: EvidenceReviewModel;
}

@ObjectType()
export class LinkEvidencePayload extends EvidenceItemPayload {
  @Field(() => Int, { description: 'Links created (existing ones are kept as they are).' })
  added: number;
}

@ObjectType()
export class UnlinkEvidencePayload extends EvidenceItemPayload {
  @Field(() => Int, { description: 'Links removed.' })
  removed: number;
}

@ObjectType()
export class AddEvidenceLinkVersionPayload extends EvidenceItemPayload {
  @Field(() => EvidenceVersionModel)
  version: EvidenceVersionModel;
}

@ObjectType({
  description:
    'PUT the raw bytes of one file to `uploadUrl` before `expiresAt` (once). Send them as application/octet-stream: ' +
    'the media type and name recorded are the ones declared here.',
})
export class CreateEvidenceUploadPayload {
  @Field(() => ID)
  uploadId: string;

  @Field()
  uploadUrl: string;

  @Field({ description: 'Always PUT.' })
  method: string;

  @Field(() => [HttpHeader], { description: 'Headers to send with the PUT.' })
  headers: HttpHeader[];

  @Field()
  expiresAt: Date;

  @Field(() => Float, { description: 'Largest body accepted, in bytes; larger uploads get 413.' })
  maxBytes: number;

  @Field({
    description:
      'True when `uploadUrl` points straight at the object store: PUT exactly the declared bytes with ' +
      '`headers`, then call completeEvidenceUpload to record the version. False: the PUT records it.',
  })
  direct: boolean;
}

@ObjectType()
export class CompleteEvidenceUploadPayload extends EvidenceItemPayload {
  @Field(() => EvidenceVersionModel)
  version: EvidenceVersionModel;
}

@ObjectType({
  description:
    'GET `downloadUrl` before `expiresAt`. The server checks the stored bytes against the recorded SHA-256 and ' +
    'answers 409 EVIDENCE_CORRUPTED instead of serving altered content.',
})
export class CreateEvidenceDownloadPayload {
  @Field()
  downloadUrl: string;

  @Field()
  expiresAt: Date;

  @Field(() => EvidenceVersionModel)
  version: EvidenceVersionModel;
}
