import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform, Writable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { canonicalJson } from '@aims/audit-log';
import { PackAuditEvent, PackContent, PackEvidenceFile, PackSigner, PackWriteResult } from './pack-content';
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
import { useNativeZipCrc } from './zip-crc';
import { stableJson } from './stable-json';

useNativeZipCrc();

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

const MiB = 1024 * 1024;
/** Evidence files opened ahead of the one being copied. */
const EVIDENCE_AHEAD = 4;

type Source =
  { kind: 'buffer'; data: Buffer } | { kind: 'audit' } | { kind: 'evidence'; file: PackEvidenceFile };

interface Entry {
  path: string;
  sha256: string;
  size: number;
  source: Source;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Streams the evidence pack of `content` as a ZIP into `out` and resolves when `out` has taken every
 * byte. Deterministic: entries in byte order of their paths, every timestamp `scope.asOf`, sorted JSON
 * keys, UUIDv5 ids; the same content gives the same bytes. Generated files are deflated, evidence files
 * stored as they are. Memory does not grow with the evidence: each file is streamed from `open()` and its
 * SHA-256 re-checked on the way (a mismatch rejects with EvidenceIntegrityError naming the object); the
 * audit log is read twice (once to hash it for the manifest, once to write it). OSCAL documents are
 * validated against the NIST schemas before anything is written (InvalidOscalDocument). On failure `out`
 * is destroyed with the error, so a partial pack is never mistaken for a finished one.
 */
export async function writePack(
  content: PackContent,
  signer: PackSigner,
  out: Writable,
  onProgress?: (percent: number) => void,
): Promise<PackWriteResult> {
  let entries: Entry[];
  let manifestBytes: Buffer;
  let mtime: Date;
  try {
    mtime = zipTimestamp(content.scope.asOf);
    ({ entries, manifestBytes } = await prepare(content, signer));
  } catch (err) {
    abort(out, err as Error);
    throw err;
  }
  const fileCount = entries.length;
  const streamTotal = entries.reduce((sum, e) => sum + (e.source.kind === 'buffer' ? 0 : e.size), 0);
  let streamed = 0;
  let reported = -1;
  const report = (percent: number) => {
    if (onProgress && percent > reported) {
      reported = percent;
      onProgress(percent);
    }
  };
  report(5);
  const onBytes = (n: number) => {
    streamed += n;
    if (streamTotal > 0) report(5 + Math.floor((94 * streamed) / streamTotal));
  };

  const zip = new ZipFile();
  let zipSize = 0;
  // A few MiB of slack between the ZIP and the output let reading the next evidence bytes overlap with
  // writing the previous ones (one read and one write in flight instead of turns); memory stays bounded.
  // The ZIP is not hashed here: whoever keeps it hashes what it receives (the storage, while staging).
  const tap = new Transform({
    highWaterMark: 4 * MiB,
    transform(chunk: Buffer, _encoding, callback) {
      zipSize += chunk.length;
      callback(null, chunk);
    },
  });

  let failure: Error | null = null;
  const open = new Set<Readable>();
  const written = new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      if (failure) return;
      failure = err;
      for (const s of open) s.destroy();
      tap.destroy(err);
      abort(out, err);
      reject(err);
    };
    zip.on('error', fail);
    pipelineAsync(zip.outputStream as Readable, tap, out).then(() => (failure ? undefined : resolve()), fail);

    // Evidence files are opened a few ahead of the ZIP, each with its first chunk read: opening and first
    // reading a file (round trips to the disk or the store) then overlap with copying the ones before
    // instead of adding up once per file. At most EVIDENCE_AHEAD files wait, with one chunk each.
    const evidence = entries.flatMap((e) => (e.source.kind === 'evidence' ? [e.source.file] : []));
    const ahead = new Map<number, Promise<Readable>>();
    const openEvidence = (index: number): Promise<Readable> => {
      for (let i = index; i <= index + EVIDENCE_AHEAD && i < evidence.length; i++) {
        if (ahead.has(i)) continue;
        const opening = evidence[i].open().then((readable) => {
          open.add(readable);
          if (failure) readable.destroy();
          else readable.read(0);
          return readable;
        });
        opening.catch(() => undefined); // reported when the ZIP reaches that file
        ahead.set(i, opening);
      }
      const opened = ahead.get(index) as Promise<Readable>;
      ahead.delete(index);
      return opened;
    };
    let evidenceIndex = 0;

    // Handing the entries over empties the list: yazl keeps only the deflated copy of each generated file.
    for (const entry of entries.splice(0)) {
      const options = { mtime, mode: 0o100644, forceDosTimestamp: true };
      const source = entry.source;
      if (source.kind === 'buffer') {
        zip.addBuffer(source.data, entry.path, { ...options, compress: true });
        continue;
      }
      const compress = source.kind === 'audit';
      const index = source.kind === 'evidence' ? evidenceIndex++ : -1;
      zip.addReadStreamLazy(entry.path, { ...options, compress, size: entry.size }, (cb) => {
        const opened =
          source.kind === 'audit' ? Promise.resolve(auditLogStream(content)) : openEvidence(index);
        opened.then((readable) => {
          open.add(readable);
          const check = checkedStream(entry, onBytes);
          const checked = pipeline(readable, check, (err) => {
            open.delete(readable);
            if (err) fail(err);
          });
          cb(null, checked);
        }, fail);
      });
    }
    zip.end();
  });
  await written;
  report(100);
  return {
    manifestSha256: sha256(manifestBytes),
    fileCount,
    size: zipSize,
  };
}

/**
 * Destroys the output with the error so whatever consumes it (a file, an upload) stops and never sees a
 * complete pack. The caller learns of the error from the rejected promise; the listener added here keeps
 * an output nobody listens to from turning it into an uncaught exception.
 */
function abort(out: Writable, err: Error): void {
  out.on('error', () => undefined);
  out.destroy(err);
}

/** Everything but the evidence bytes: generated files, the manifest, its signature and the sums, in path order. */
async function prepare(
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

function auditLogStream(content: PackContent): Readable {
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

/** Passes the bytes of an entry through, failing when they do not hash to what the manifest says. */
function checkedStream(entry: Entry, onBytes: (n: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  const mismatch = (detail: string) =>
    entry.source.kind === 'evidence'
      ? new EvidenceIntegrityError(entry.source.file, entry.path, detail)
      : new Error(`${entry.path} changed while the pack was written: ${detail}`);
  return new Transform({
    highWaterMark: MiB,
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > entry.size) return callback(mismatch(`more than the recorded ${entry.size} bytes`));
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      if (size !== entry.size)
        return callback(mismatch(`${size} bytes instead of the recorded ${entry.size}`));
      if (actual !== entry.sha256) return callback(mismatch(`bytes hash to ${actual}`));
      callback();
    },
  });
}

/**
 * The ZIP entry time of every file: `asOf` to the second. DOS timestamps have no time zone and yazl writes
 * the local fields of the Date it gets, so the Date is built with asOf's UTC fields as local fields: the
 * bytes are the same whatever the TZ of the process (the Info-ZIP UTC field is left out for that reason).
 * The one exception is an asOf whose UTC wall time does not exist locally (a daylight-saving gap), which
 * the Date shifts by the gap; workers running in UTC never meet it.
 */
function zipTimestamp(asOf: string): Date {
  const t = new Date(asOf);
  if (Number.isNaN(t.getTime())) throw new Error(`scope.asOf is not a date: ${asOf}`);
  return new Date(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  );
}
