import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Entry, openPromise, ZipFile } from 'yauzl';
import { GENESIS_HASH, StoredChainEvent, verifyChainSegment } from '@aims/audit-log';
import { PackManifest } from './pack-manifest';
import { comparePaths, PackPath, SELF_DESCRIBING_PATHS } from './pack-paths';
import { oscalSchemaErrors } from './oscal-validation';

export interface VerifyPackOptions {
  /** PEM of the organisation's published key. Without it the embedded public-key.pem is used (integrity only). */
  publicKeyPem?: string;
}

/** One check of the verifier, in the order they are reported. */
export type PackCheckName =
  'zip' | 'manifest' | 'files' | 'checksums' | 'SHA256SUMS' | 'signature' | 'audit chain' | 'OSCAL';

export interface PackCheck {
  name: PackCheckName;
  ok: boolean;
  /** What was checked, or every problem found. */
  details: string[];
}

export interface PackVerification {
  valid: boolean;
  checks: PackCheck[];
  warnings: string[];
  /** "<check>: <first problem>", or null when the pack is valid. */
  firstFailure: string | null;
  manifest: PackManifest | null;
}

const KEEP_IN_MEMORY = /^(manifest\.json|manifest\.sig|SHA256SUMS|public-key\.pem|oscal\/.+\.json)$/;

interface ReadEntry {
  sha256: string;
  size: number;
  data: Buffer | null;
}

/**
 * Verifies an evidence pack with nothing but the file (and optionally the publisher's public key): every
 * file against manifest.json and SHA256SUMS, the set of files (nothing added, nothing removed), the
 * Ed25519 signature of manifest.json, the audit log's hash chain from the period's first previous hash,
 * and every OSCAL document against the NIST schemas. Files are streamed; only the small descriptive
 * files are held in memory. Every check runs, so the report lists each problem.
 */
export async function verifyPack(
  zipPath: string,
  options: VerifyPackOptions = {},
): Promise<PackVerification> {
  const checks: PackCheck[] = [];
  const warnings: string[] = [];
  const check = (name: PackCheckName, problems: string[], ok: string[]) =>
    checks.push({ name, ok: problems.length === 0, details: problems.length ? problems : ok });
  const finish = (manifest: PackManifest | null): PackVerification => {
    const failed = checks.find((c) => !c.ok);
    return {
      valid: !failed,
      checks,
      warnings,
      firstFailure: failed ? `${failed.name}: ${failed.details[0]}` : null,
      manifest,
    };
  };

  let zip: ZipFile;
  try {
    zip = await openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: true,
      validateEntrySizes: true,
    });
  } catch (err) {
    check('zip', [`cannot read the archive: ${message(err)}`], []);
    return finish(null);
  }
  try {
    return await verifyOpened(zip, options, check, warnings, finish);
  } finally {
    zip.close();
  }
}

async function verifyOpened(
  zip: ZipFile,
  options: VerifyPackOptions,
  check: (name: PackCheckName, problems: string[], ok: string[]) => void,
  warnings: string[],
  finish: (manifest: PackManifest | null) => PackVerification,
): Promise<PackVerification> {
  const read = new Map<string, ReadEntry>();
  const duplicates: string[] = [];
  let auditEntry: Entry | null = null;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (read.has(entry.fileName)) duplicates.push(entry.fileName);
      if (entry.fileName === PackPath.AuditLog) auditEntry = entry;
      read.set(entry.fileName, await readEntry(await zip.openReadStreamPromise(entry), entry.fileName));
    }
  } catch (err) {
    check('zip', [`cannot read the archive: ${message(err)}`], []);
    return finish(null);
  }
  check(
    'zip',
    duplicates.map((p) => `${p} appears more than once`),
    [`${read.size} files read`],
  );

  let manifest: PackManifest | null = null;
  const manifestEntry = read.get(PackPath.Manifest);
  try {
    if (!manifestEntry?.data) throw new Error(`${PackPath.Manifest} is missing`);
    manifest = JSON.parse(manifestEntry.data.toString('utf8')) as PackManifest;
    if (!Array.isArray(manifest.files) || !manifest.auditLog)
      throw new Error(`${PackPath.Manifest} has no file list or audit log`);
    check(
      'manifest',
      [],
      [`pack ${manifest.packId} of ${manifest.organisation?.name}, ${manifest.files.length} files listed`],
    );
  } catch (err) {
    check('manifest', [message(err)], []);
    return finish(null);
  }

  // The set of files: what the manifest lists plus the three files that describe it.
  const expected = new Set([...manifest.files.map((f) => f.path), ...SELF_DESCRIBING_PATHS]);
  const removed = [...expected].filter((p) => !read.has(p)).sort(comparePaths);
  const added = [...read.keys()].filter((p) => !expected.has(p)).sort(comparePaths);
  check(
    'files',
    [
      ...removed.map((p) => `file removed: ${p}`),
      ...added.map((p) => `file added (not in the manifest): ${p}`),
    ],
    [`${read.size} files, exactly those of the manifest`],
  );

  const mismatches: string[] = [];
  for (const file of manifest.files) {
    const actual = read.get(file.path);
    if (!actual) continue;
    if (actual.sha256 !== file.sha256 || actual.size !== file.size)
      mismatches.push(
        `${file.path} does not match the manifest (sha256 ${actual.sha256}, ${actual.size} bytes; manifest says ${file.sha256}, ${file.size} bytes)`,
      );
  }
  check('checksums', mismatches, [`${manifest.files.length} files match manifest.json`]);

  check('SHA256SUMS', checkSums(read), [
    `every file except ${PackPath.Sums} and ${PackPath.Signature} is listed and matches`,
  ]);

  const signatureProblems: string[] = [];
  const embedded = read.get(PackPath.PublicKey)?.data?.toString('utf8');
  const keyPem = options.publicKeyPem ?? embedded;
  const signature = read.get(PackPath.Signature)?.data;
  if (!options.publicKeyPem) {
    warnings.push(
      'no --public-key given: the signature was checked with the public-key.pem inside the pack, which proves the pack is intact but not who made it; pass the key published by the organisation (GET /.well-known/aims-pack-keys.json) to prove its origin',
    );
  } else if (embedded && embedded.trim() !== options.publicKeyPem.trim()) {
    warnings.push('the public-key.pem inside the pack differs from the key given');
  }
  if (!keyPem) signatureProblems.push(`no public key: ${PackPath.PublicKey} is missing and none was given`);
  else if (!signature) signatureProblems.push(`${PackPath.Signature} is missing`);
  else if (!manifestEntry?.data) signatureProblems.push(`${PackPath.Manifest} is missing`);
  else {
    try {
      const key = createPublicKey(keyPem);
      if (key.asymmetricKeyType !== 'ed25519')
        signatureProblems.push(`the public key is ${key.asymmetricKeyType}, not Ed25519`);
      else if (!verifySignature(null, manifestEntry.data, key, signature))
        signatureProblems.push(
          `${PackPath.Signature} is not a signature of ${PackPath.Manifest} by ${options.publicKeyPem ? 'the given key' : 'the embedded key'} (key id ${manifest.keyId})`,
        );
    } catch (err) {
      signatureProblems.push(`the public key cannot be read: ${message(err)}`);
    }
  }
  check('signature', signatureProblems, [
    `Ed25519 signature of ${PackPath.Manifest} verified with ${options.publicKeyPem ? 'the given key' : 'the embedded key'} (key id ${manifest.keyId})`,
  ]);

  const auditProblems: string[] = [];
  if (!auditEntry) auditProblems.push(`${PackPath.AuditLog} is missing`);
  else {
    const log = manifest.auditLog;
    const verdict = await walkAuditChain(await zip.openReadStreamPromise(auditEntry), {
      seq: log.firstSeq ?? 1,
      prevHash: log.startPrevHash ?? GENESIS_HASH,
    });
    if (verdict.broken) auditProblems.push(verdict.broken);
    else if (verdict.events !== log.events)
      auditProblems.push(`${verdict.events} events instead of the ${log.events} the manifest lists`);
    else if (verdict.lastHash !== log.lastHash)
      auditProblems.push(`the chain ends at ${verdict.lastHash}, the manifest says ${log.lastHash}`);
  }
  check('audit chain', auditProblems, [
    `${manifest.auditLog.events} events chained from ${manifest.auditLog.startPrevHash} (seq ${manifest.auditLog.firstSeq ?? '-'} to ${manifest.auditLog.lastSeq ?? '-'})`,
  ]);

  const oscalProblems: string[] = [];
  const oscalFiles = [...read.keys()].filter((p) => p.startsWith('oscal/')).sort(comparePaths);
  if (!oscalFiles.includes(PackPath.AssessmentResults))
    oscalProblems.push(`${PackPath.AssessmentResults} is missing`);
  for (const path of oscalFiles) {
    try {
      const errors = oscalSchemaErrors(
        JSON.parse((read.get(path)?.data ?? Buffer.alloc(0)).toString('utf8')),
      );
      if (errors.length)
        oscalProblems.push(`${path} is not valid OSCAL 1.2.1: ${errors.slice(0, 5).join('; ')}`);
    } catch (err) {
      oscalProblems.push(`${path} is not JSON: ${message(err)}`);
    }
  }
  check('OSCAL', oscalProblems, [`${oscalFiles.join(', ')} valid against the NIST OSCAL 1.2.1 schemas`]);

  return finish(manifest);
}

/** SHA256SUMS must list every file but itself and the signature, once, with its actual hash. */
function checkSums(read: Map<string, ReadEntry>): string[] {
  const sums = read.get(PackPath.Sums)?.data;
  if (!sums) return [`${PackPath.Sums} is missing`];
  const problems: string[] = [];
  const listed = new Set<string>();
  const lines = sums.toString('utf8').split('\n');
  if (lines.pop() !== '') problems.push(`${PackPath.Sums} does not end with a line break`);
  lines.forEach((line, i) => {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) return problems.push(`${PackPath.Sums} line ${i + 1} is not "<sha256>  <path>"`);
    const [, hash, path] = match;
    if (listed.has(path)) problems.push(`${PackPath.Sums} line ${i + 1} lists ${path} twice`);
    listed.add(path);
    const actual = read.get(path);
    if (!actual) problems.push(`${PackPath.Sums} line ${i + 1}: ${path} is not in the pack`);
    else if (actual.sha256 !== hash)
      problems.push(
        `${PackPath.Sums} line ${i + 1}: ${path} has sha256 ${actual.sha256}, the line says ${hash}`,
      );
  });
  for (const path of [...read.keys()].sort(comparePaths)) {
    if (path !== PackPath.Sums && path !== PackPath.Signature && !listed.has(path))
      problems.push(`${PackPath.Sums} does not list ${path}`);
  }
  return problems;
}

async function readEntry(stream: Readable, path: string): Promise<ReadEntry> {
  const hash = createHash('sha256');
  const keep = KEEP_IN_MEMORY.test(path);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (keep) chunks.push(chunk);
  }
  return { sha256: hash.digest('hex'), size, data: keep ? Buffer.concat(chunks) : null };
}

/** Recomputes the hash chain of audit-log.jsonl line by line as it streams, from where the manifest says it starts. */
async function walkAuditChain(
  stream: Readable,
  start: { seq: number; prevHash: string },
): Promise<{ events: number; broken: string | null; lastHash: string }> {
  let prev = start.prevHash;
  let seq = start.seq;
  let events = 0;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      let event: StoredChainEvent;
      try {
        event = JSON.parse(line) as StoredChainEvent;
        if (typeof event !== 'object' || event === null) throw new Error('not an object');
      } catch {
        return { events, broken: `line ${events + 1} is not a JSON audit event`, lastHash: prev };
      }
      const segment = verifyChainSegment([event], prev, seq);
      if (segment.firstBrokenSeq !== null)
        return {
          events,
          broken: `broken at line ${events + 1}: expected seq ${seq} linked to ${prev.slice(0, 12)}…, found seq ${event.seq} whose link or hash does not hold`,
          lastHash: prev,
        };
      prev = segment.lastHash;
      seq = segment.nextSeq;
      events += 1;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return { events, broken: null, lastHash: prev };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
