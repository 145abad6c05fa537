import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { verifyingStream } from '@aims/evidence';
import { PackContent, PackSigner, PackWriteResult } from './pack/pack-content';

/** Writes the pack ZIP for `content` to `out`, signed by `signer`, reporting progress (0–100) as it goes. */
export type PackWriter = (
  content: PackContent,
  signer: PackSigner,
  out: Writable,
  onProgress?: (percent: number) => void,
) => Promise<PackWriteResult>;

/** Injection token for the pack writer the export job uses. */
export const PACK_WRITER = Symbol('PACK_WRITER');

const MTIME = new Date(Date.UTC(2000, 0, 1));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Sorted keys at every level, so the same data always serialises to the same bytes. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * The minimal deterministic pack: the gathered content as `content.json`, the period's `audit-log.jsonl`,
 * the evidence files (re-hashed while copied), and `manifest.json` with `manifest.sig` over it.
 */
export const minimalPackWriter: PackWriter = async (content, signer, out, onProgress) => {
  const { evidence, auditEvents, ...data } = content;
  const entries: { path: string; sha256: string; size: number; mediaType: string }[] = [];
  const zip = new ZipFile();
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => undefined);
  const written = pipeline(zip.outputStream, out);

  const addBuffer = (path: string, bytes: Buffer, mediaType: string) => {
    entries.push({ path, sha256: sha256(bytes), size: bytes.length, mediaType });
    zip.addBuffer(bytes, path, { mtime: MTIME, mode: 0o100644 });
  };
  addBuffer('content.json', Buffer.from(stableJson(data)), 'application/json');
  const audit: string[] = [];
  for await (const event of auditEvents()) audit.push(stableJson(event));
  addBuffer('audit-log.jsonl', Buffer.from(audit.map((l) => `${l}\n`).join('')), 'application/jsonl');

  const total = evidence.reduce((sum, e) => sum + e.size, 0) || 1;
  let copied = 0;
  for (const file of evidence) {
    const path = `evidence/${file.primaryRequirementRef}/${file.itemId}-v${file.version}-${file.originalName}`;
    entries.push({ path, sha256: file.sha256, size: file.size, mediaType: file.mediaType });
    zip.addReadStreamLazy(path, { mtime: MTIME, mode: 0o100644, compress: false, size: file.size }, (cb) => {
      file.open().then(
        (stream: Readable) => {
          const checked = verifyingStream({ sha256: file.sha256, size: file.size });
          checked.on('error', (err: Error) =>
            zip.emit('error', new Error(`evidence ${file.itemId} v${file.version}: ${err.message}`)),
          );
          checked.on('data', (chunk: Buffer) => {
            copied += chunk.length;
            onProgress?.(Math.floor((copied / total) * 100));
          });
          stream.on('error', (err: Error) => checked.destroy(err));
          cb(null, stream.pipe(checked));
        },
        (err: unknown) => cb(err, undefined as never),
      );
    });
  }
  const manifest = Buffer.from(
    stableJson({
      packId: content.packId,
      organisation: content.organisation,
      scope: content.scope,
      generator: content.generator,
      keyId: signer.keyId,
      files: [...entries].sort((a, b) => (a.path < b.path ? -1 : 1)),
    }),
  );
  zip.addBuffer(manifest, 'manifest.json', { mtime: MTIME, mode: 0o100644 });
  zip.addBuffer(signer.sign(manifest), 'manifest.sig', { mtime: MTIME, mode: 0o100644 });
  zip.addBuffer(Buffer.from(signer.publicKeyPem), 'public-key.pem', { mtime: MTIME, mode: 0o100644 });
  zip.end();
  await Promise.race([written, failed]);
  onProgress?.(100);
  return { manifestSha256: sha256(manifest), fileCount: entries.length + 3 };
};
