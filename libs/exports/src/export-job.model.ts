import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { ExportPhase, ExportStatus } from './export.enums';

@ObjectType('ExportScope', { description: 'What an evidence pack covers.' })
export class ExportScopeModel {
  @Field(() => ID)
  cycleId: string;

  @Field(() => [String])
  frameworkUrns: string[];

  @Field()
  periodStart: Date;

  @Field()
  periodEnd: Date;

  @Field({ description: 'The instant the pack is built as of.' })
  asOf: Date;

  @Field()
  includeEvidenceFiles: boolean;
}

@ObjectType('EvidencePack', { description: 'The finished ZIP: verify it with `npm run verify-pack`.' })
export class EvidencePackModel {
  @Field({ description: 'SHA-256 of the ZIP file.' })
  sha256: string;

  @Field(() => Float, { description: 'Size of the ZIP in bytes.' })
  size: number;

  @Field(() => Int)
  fileCount: number;

  @Field({ description: 'SHA-256 of manifest.json, the bytes manifest.sig signs.' })
  manifestSha256: string;

  @Field({ description: 'The signing key; its public half is at /.well-known/aims-pack-keys.json.' })
  keyId: string;

  @Field({ description: 'When retention removes the ZIP.' })
  expiresAt: Date;

  @Field({ description: 'False once retention has removed the ZIP.' })
  available: boolean;
}

@ObjectType('ExportJob', { description: 'An evidence pack being built for auditors, or built.' })
export class ExportJobModel {
  @Field(() => ID)
  id: string;

  @Field(() => ExportStatus)
  status: ExportStatus;

  @Field(() => Int, { description: '0–100.' })
  progress: number;

  @Field(() => ExportPhase, { nullable: true })
  phase: ExportPhase | null;

  @Field(() => ID, { nullable: true, description: 'The user or API key that asked for the pack.' })
  requestedBy: string | null;

  @Field(() => ExportScopeModel)
  scope: ExportScopeModel;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the job FAILED.' })
  error: string | null;

  @Field(() => EvidencePackModel, { nullable: true })
  pack: EvidencePackModel | null;
}

export const ExportJobConnection = ConnectionType(ExportJobModel, 'ExportJob');

@ObjectType()
export class RequestEvidencePackPayload {
  @Field(() => ExportJobModel)
  job: ExportJobModel;
}

@ObjectType()
export class CreateExportDownloadPayload {
  @Field({ description: 'GET this URL (no other credential) before expiresAt to receive the ZIP.' })
  downloadUrl: string;

  @Field()
  expiresAt: Date;

  @Field(() => ExportJobModel)
  job: ExportJobModel;
}

@ObjectType({
  description: 'An organisation’s pack signing key as published at /.well-known/aims-pack-keys.json.',
})
export class PackSigningKeyModel {
  @Field({ description: 'The key id manifests carry.' })
  keyId: string;

  @Field({ description: 'The Ed25519 public key, SPKI PEM.' })
  publicKeyPem: string;

  @Field(() => Date, { nullable: true, description: 'When it stopped signing new packs; null while active.' })
  retiredAt: Date | null;
}

@ObjectType()
export class RotatePackSigningKeyPayload {
  @Field(() => PackSigningKeyModel, { description: 'The new key, which signs every pack from now on.' })
  active: PackSigningKeyModel;

  @Field(() => PackSigningKeyModel, {
    nullable: true,
    description:
      'The key it replaces, still published so the packs it signed verify; null if there was none.',
  })
  retired: PackSigningKeyModel | null;
}
