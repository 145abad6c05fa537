import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  EvidenceStorage,
  ObjectMissing,
  ObjectSpace,
  ObjectTooLarge,
  SHA256_HEX,
  StagedObject,
} from './evidence-storage';

/**
 * Evidence files in a local directory: `sha256/ab/cd/<hash>` for evidence objects (`packs/sha256/...` for
 * packs), `tmp/` for staged bodies (same
 * file system, so committing is an atomic rename). Committed objects are made read-only.
 */
export class LocalEvidenceStorage extends EvidenceStorage {
  private readonly tmpDir: string;

  constructor(private readonly rootDir: string) {
    super();
    this.tmpDir = path.join(rootDir, 'tmp');
    // Once, at boot: staging must start synchronously so that no event of the body is missed.
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Where the object for `sha256` lives. */
  objectPath(sha256: string, space: ObjectSpace = 'evidence'): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    const root = space === 'evidence' ? this.rootDir : path.join(this.rootDir, space);
    return path.join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(body: Readable, maxBytes: number): Promise<StagedObject> {
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new ObjectTooLarge(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const interrupted = () => new Error('The upload was interrupted');
    const onError = (err: Error) => meter.destroy(err);
    const onClose = () => {
      if (!body.readableEnded) meter.destroy(interrupted());
    };
    if (body.destroyed && !body.readableEnded) throw interrupted();
    body.once('error', onError);
    body.once('close', onClose);
    const ref = path.join(this.tmpDir, `${randomUUID()}.part`);
    // pipe(), not pipeline(): a refused body must stay open so that the caller can still answer 413.
    body.pipe(meter);
    try {
      await pipeline(meter, createWriteStream(ref, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      body.unpipe(meter);
      await rm(ref, { force: true });
      throw err;
    } finally {
      body.off('error', onError);
      body.off('close', onClose);
    }
    return { ref, sha256: hash.digest('hex'), size };
  }

  async commit(staged: StagedObject, space: ObjectSpace = 'evidence'): Promise<void> {
    const target = this.objectPath(staged.sha256, space);
    await mkdir(path.dirname(target), { recursive: true });
    await chmod(staged.ref, 0o440);
    await rename(staged.ref, target);
  }

  async discard(staged: StagedObject): Promise<void> {
    await rm(staged.ref, { force: true });
  }

  async open(sha256: string, space: ObjectSpace = 'evidence'): Promise<Readable> {
    const file = this.objectPath(sha256, space);
    if (!(await this.exists(sha256, space))) throw new ObjectMissing(sha256);
    return createReadStream(file);
  }

  async remove(sha256: string, space: ObjectSpace): Promise<void> {
    await rm(this.objectPath(sha256, space), { force: true });
  }

  async exists(sha256: string, space: ObjectSpace = 'evidence'): Promise<boolean> {
    try {
      return (await stat(this.objectPath(sha256, space))).isFile();
    } catch {
      return false;
    }
  }
}
