import { createHash, Hash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ObjectTooLarge } from './evidence-storage';

/** What a metered body turned out to be once it ended. */
export interface Metered {
  sha256: string;
  size: number;
  /** SHA-256 of each `partSize` slice, in order (the parts of a multipart upload); none without a part size. */
  partDigests: Buffer[];
  /** MD5 of the whole body (hex), when asked for: what a store's ETag may be compared with. */
  md5?: string;
}

export interface MeterOptions {
  /** Also hash each slice of this many bytes (see Metered.partDigests). */
  partSize?: number;
  /** Also compute the MD5 of the whole body. */
  md5?: boolean;
}

export interface MeteredBody {
  /** The body's bytes, counted and hashed on their way through; fails with ObjectTooLarge past the limit. */
  stream: Transform;
  /** Call once `stream` has been consumed to its end. */
  result(): Metered;
  /** Stops following `body` (after success or failure). */
  detach(): void;
}

/**
 * Pipes `body` through a counting, hashing transform. The body is piped, not pipelined: a refused body must
 * stay open so that the caller can still answer 413. A body that errors or closes before its end fails the
 * transform, so a partial upload is never taken for a complete one.
 */
export function meterBody(
  body: Readable,
  maxBytes: number,
  { partSize = Infinity, md5 = false }: MeterOptions = {},
): MeteredBody {
  const hash = createHash('sha256');
  const md5Hash = md5 ? createHash('md5') : null;
  const partDigests: Buffer[] = [];
  let part: Hash = createHash('sha256');
  let partFill = 0;
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new ObjectTooLarge(maxBytes));
      hash.update(chunk);
      md5Hash?.update(chunk);
      let offset = partSize === Infinity ? chunk.length : 0;
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, partSize - partFill);
        part.update(chunk.subarray(offset, offset + take));
        partFill += take;
        offset += take;
        if (partFill === partSize) {
          partDigests.push(part.digest());
          part = createHash('sha256');
          partFill = 0;
        }
      }
      done(null, chunk);
    },
  });
  const interrupted = () => new Error('The upload was interrupted');
  const onError = (err: Error) => stream.destroy(err);
  const onClose = () => {
    if (!body.readableEnded) stream.destroy(interrupted());
  };
  if (body.destroyed && !body.readableEnded) throw interrupted();
  body.once('error', onError);
  body.once('close', onClose);
  body.pipe(stream);
  return {
    stream,
    result() {
      if (partFill > 0 || (partSize !== Infinity && partDigests.length === 0))
        partDigests.push(part.digest());
      partFill = 0;
      return { sha256: hash.digest('hex'), size, partDigests, md5: md5Hash?.digest('hex') };
    },
    detach() {
      body.unpipe(stream);
      body.off('error', onError);
      body.off('close', onClose);
    },
  };
}

/** Hashes a whole stream (a stored object being checked). */
export async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
