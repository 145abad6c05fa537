import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { canonicalJson } from '@aims/audit-log';
import { PackAuditEvent, PackContent, PackEvidenceFile, PackSigner } from './pack-content';
import {
  controlsToEvidenceCsv,
  evidenceIndexCsv,
  nonconformitiesCsv,
  riskRegisterCsv,
  soaCsv,
} from './pack-csv';
import { PackManifest, PackManifestFile } from './pack-manifest';
import {
  comparePaths,
  evidencePath,
  mappingPath,
  mediaTypeOf,
  PackPath,
  SELF_DESCRIBING_PATHS,
} from './pack-paths';
import { renderIndexHtml } from './index-html';
import { buildAssessmentResults } from './oscal-assessment-results';
import { PlacedEvidence } from './oscal-common';
import { buildMappingCollection } from './oscal-mapping';
import { assertValidOscal } from './oscal-validation';
import { stableJson } from './stable-json';

/*
 * What an evidence pack holds: every file but the evidence bytes generated (CSVs, index.html, OSCAL, the
 * manifest, its signature and the sums), and the entries the writer streams into the ZIP, in path order.
 */

/** Stored bytes of an evidence version that do not hash to what the database says: the pack is not written. */
export class EvidenceIntegrityError extends Error {
  constructor(
    readonly file: PackEvidenceFile,
    readonly path: string,
    detail: string,
  ) {
    super(
      `evidence item ${file.itemId} version ${file.version} (stored object sha256 ${file.sha256}, "${file.originalName}" → ${path}): ${detail}`,
    );
    this.name = 'EvidenceIntegrityError';
  }
}

/** Where the bytes of an entry come from. */
export type Source =
  { kind: 'buffer'; data: Buffer } | { kind: 'audit' } | { kind: 'evidence'; file: PackEvidenceFile };

/** One file of the pack: its path, what the manifest says of it, and where its bytes come from. */
export interface Entry {
  path: string;
  sha256: string;
  size: number;
  source: Source;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Everything but the evidence bytes: generated files, the manifest, its signature and the sums, in path order. */
export async function prepare(
  content: PackContent,
  signer: PackSigner,
): Promise<{ entries: Entry[]; manifestBytes: Buffer }> {
  const placed: PlacedEvidence[] = content.evidence.map((file) => ({
    file,
    path: content.scope.includeEvidenceFiles ? evidencePath(file) : null,
  }));
  const entries = new Map<string, Entry>();
  const add = (entry: Entry) => {
    if (entries.has(entry.path)) throw new Error(`two files of the pack would share the path ${entry.path}`);
    entries.set(entry.path, entry);
  };
  const addBuffer = (path: string, data: Buffer) =>
    add({ path, sha256: sha256(data), size: data.length, source: { kind: 'buffer', data } });

  for (const e of placed) {
    if (!e.path) continue;
    if (!/^[0-9a-f]{64}$/.test(e.file.sha256))
      throw new EvidenceIntegrityError(e.file, e.path, 'no valid sha256 recorded');
    add({
      path: e.path,
      sha256: e.file.sha256,
      size: e.file.size,
      source: { kind: 'evidence', file: e.file },
    });
  }

  const assessmentResults = buildAssessmentResults(content, placed);
  assertValidOscal(PackPath.AssessmentResults, assessmentResults);
  addBuffer(PackPath.AssessmentResults, stableJson(assessmentResults));
  // A crosswalk with no rows cannot be an OSCAL mapping (`maps` needs one) and carried no coverage.
  for (const set of content.mappingSets.filter((s) => s.mappings.length > 0)) {
    const path = mappingPath(set.slug);
    const document = buildMappingCollection(content, set);
    assertValidOscal(path, document);
    addBuffer(path, stableJson(document));
  }

  addBuffer(PackPath.SoA, Buffer.from(soaCsv(content), 'utf8'));
  addBuffer(PackPath.RiskRegister, Buffer.from(riskRegisterCsv(content), 'utf8'));
  addBuffer(PackPath.EvidenceIndex, Buffer.from(evidenceIndexCsv(placed), 'utf8'));
  addBuffer(PackPath.ControlsToEvidence, Buffer.from(controlsToEvidenceCsv(content, placed), 'utf8'));
  addBuffer(PackPath.Nonconformities, Buffer.from(nonconformitiesCsv(content), 'utf8'));
  addBuffer(
    PackPath.PublicKey,
    Buffer.from(signer.publicKeyPem.endsWith('\n') ? signer.publicKeyPem : `${signer.publicKeyPem}\n`),
  );

  const audit = await hashAuditLog(content);
  add({ path: PackPath.AuditLog, sha256: audit.sha256, size: audit.size, source: { kind: 'audit' } });

  const listed = [...entries.keys(), PackPath.Index, ...SELF_DESCRIBING_PATHS]
    .filter((p) => !p.startsWith('evidence/'))
    .sort(comparePaths);
  addBuffer(
    PackPath.Index,
    Buffer.from(renderIndexHtml(content, { evidence: placed, keyId: signer.keyId, files: listed }), 'utf8'),
  );

  const evidenceByPath = new Map(placed.filter((e) => e.path).map((e) => [e.path as string, e.file]));
  const files: PackManifestFile[] = [...entries.values()]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((e) => {
      const f = evidenceByPath.get(e.path);
      return {
        path: e.path,
        sha256: e.sha256,
        size: e.size,
        mediaType: f ? f.mediaType : mediaTypeOf(e.path),
        evidence: f
          ? {
              itemId: f.itemId,
              version: f.version,
              title: f.title,
              kind: f.kind,
              status: f.status,
              originalName: f.originalName,
              uploadedAt: f.uploadedAt,
              requirementUrns: f.requirementUrns,
              validFrom: f.validFrom,
              validUntil: f.validUntil,
              reviewer: f.reviewerName,
              reviewedAt: f.reviewedAt,
            }
          : undefined,
      };
    });
  const manifest: PackManifest = {
    format: 'aims-evidence-pack',
    formatVersion: 1,
    packId: content.packId,
    organisation: content.organisation,
    scope: content.scope,
    generator: content.generator,
    keyId: signer.keyId,
    auditLog: {
      path: PackPath.AuditLog,
      events: audit.events,
      firstSeq: audit.firstSeq,
      lastSeq: audit.lastSeq,
      startPrevHash: content.auditChainStart.prevHash,
      lastHash: audit.lastHash,
    },
    files,
  };
  const manifestBytes = stableJson(manifest);
  addBuffer(PackPath.Manifest, manifestBytes);
  const signature = signer.sign(manifestBytes);
  addBuffer(
    PackPath.Sums,
    Buffer.from(
      [...entries.values()]
        .sort((a, b) => comparePaths(a.path, b.path))
        .map((e) => `${e.sha256}  ${e.path}\n`)
        .join(''),
      'utf8',
    ),
  );
  addBuffer(PackPath.Signature, signature);
  return { entries: [...entries.values()].sort((a, b) => comparePaths(a.path, b.path)), manifestBytes };
}

function auditLine(event: PackAuditEvent): Buffer {
  return Buffer.from(`${canonicalJson(event)}\n`, 'utf8');
}

export function auditLogStream(content: PackContent): Readable {
  return Readable.from(
    (async function* () {
      for await (const event of content.auditEvents()) yield auditLine(event);
    })(),
  );
}

/** First pass over the period's audit events: the hash, length and ends of audit-log.jsonl, nothing kept. */
async function hashAuditLog(content: PackContent) {
  const hash = createHash('sha256');
  let size = 0;
  let events = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let lastHash = content.auditChainStart.prevHash;
  for await (const event of content.auditEvents()) {
    const line = auditLine(event);
    hash.update(line);
    size += line.length;
    events += 1;
    firstSeq ??= event.seq;
    lastSeq = event.seq;
    lastHash = event.hash;
  }
  return { sha256: hash.digest('hex'), size, events, firstSeq, lastSeq, lastHash };
}
