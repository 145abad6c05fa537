import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform, Writable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { PackContent, PackSigner, PackWriteResult } from './pack-content';
import { auditLogStream, Entry, EvidenceIntegrityError, prepare, sha256 } from './pack-entries';
import { useNativeZipCrc } from './zip-crc';

useNativeZipCrc();

const MiB = 1024 * 1024;
/** Evidence files opened ahead of the one being copied. */
const EVIDENCE_AHEAD = 4;

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
