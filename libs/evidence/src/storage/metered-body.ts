import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ObjectTooLarge } from './evidence-storage';

/** What a metered body turned out to be once it ended. */
export interface Metered {
  sha256: string;
  size: number;
  /** MD5 of the whole body (hex), when asked for: what a store's ETag may be compared with. */
  md5?: string;
}

export interface MeterOptions {
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
export function meterBody(body: Readable, maxBytes: number, { md5 = false }: MeterOptions = {}): MeteredBody {
  const hash = createHash('sha256');
  const md5Hash = md5 ? createHash('md5') : null;
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new ObjectTooLarge(maxBytes));
      hash.update(chunk);
      md5Hash?.update(chunk);
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
      return { sha256: hash.digest('hex'), size, md5: md5Hash?.digest('hex') };
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
