import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openPromise } from 'yauzl';
import { ZipFile } from 'yazl';

export interface ZipEntryRead {
  name: string;
  data: Buffer;
  /** The raw MS-DOS date and time fields and the number of extra fields of the central directory entry. */
  dosDate: number;
  dosTime: number;
  extraFields: number;
}

/** Every entry of a ZIP, in archive order. */
export async function readZip(path: string): Promise<ZipEntryRead[]> {
  const zip = await openPromise(path, { lazyEntries: true });
  const entries: ZipEntryRead[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.push({
        name: entry.fileName,
        data: Buffer.concat(chunks),
        dosDate: entry.lastModFileDate,
        dosTime: entry.lastModFileTime,
        extraFields: entry.extraFields.length,
      });
    }
  } finally {
    zip.close();
  }
  return entries;
}

/**
 * Writes a ZIP of the given entries (a tampered copy of a pack); `forceZip64Format` writes every ZIP64 record
 * (entries' extended information and the ZIP64 end of central directory) as a pack past 4 GiB or 65,535
 * entries has them.
 */
export async function writeZip(
  path: string,
  entries: { name: string; data: Buffer }[],
  { forceZip64Format = false } = {},
): Promise<void> {
  const zip = new ZipFile();
  for (const e of entries)
    zip.addBuffer(e.data, e.name, { mtime: new Date(Date.UTC(2026, 0, 1)), forceZip64Format });
  zip.end({ forceZip64Format, comment: '' });
  await pipeline(zip.outputStream, createWriteStream(path));
}

/** A Writable that keeps what it is given. */
export function memorySink(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** Runs a command and returns its exit status and output (never throws on a non-zero exit). */
export function run(cmd: string, args: string[], cwd?: string): { status: number; output: string } {
  try {
    const output = execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
