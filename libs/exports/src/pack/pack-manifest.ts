import { PackScope } from './pack-content';

/** manifest.json: what the pack is and every file it holds except itself, its signature and SHA256SUMS. */
export interface PackManifest {
  format: 'aims-evidence-pack';
  formatVersion: 1;
  packId: string;
  organisation: { id: string; name: string };
  scope: PackScope;
  generator: { name: string; version: string };
  /** Id of the organisation's Ed25519 key that signed this manifest (manifest.sig). */
  keyId: string;
  /** audit-log.jsonl: the chain starts from `startPrevHash` and ends at `lastHash`. */
  auditLog: {
    path: string;
    events: number;
    firstSeq: number | null;
    lastSeq: number | null;
    startPrevHash: string;
    lastHash: string;
  };
  files: PackManifestFile[];
}

export interface PackManifestFile {
  path: string;
  sha256: string;
  size: number;
  mediaType: string;
  /** For files under evidence/: the version they are and what they prove. */
  evidence?: {
    itemId: string;
    version: number;
    title: string;
    kind: string;
    status: string;
    originalName: string;
    uploadedAt: string;
    requirementUrns: string[];
    validFrom: string | null;
    validUntil: string | null;
    reviewer: string | null;
    reviewedAt: string | null;
  };
}
