import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export class IntegrityMismatch extends Error {
  constructor(
    readonly expected: { sha256: string; size: number },
    readonly actual: { sha256: string; size: number },
  ) {
    super(
      `Stored object does not match its recorded hash (expected ${expected.sha256}, got ${actual.sha256})`,
    );
  }
}

/**
 * Passes bytes through while hashing them, always holding the latest chunk back until the stream ends: the
 * last chunk is released only if hash and size match, so a reader never receives the complete content of
 * an object that does not. On a mismatch the stream fails with IntegrityMismatch instead.
 */
export function verifyingStream(expected: { sha256: string; size: number }): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      const release = held;
      held = chunk;
      done(null, release ?? undefined);
    },
    flush(done) {
      const actual = { sha256: hash.digest('hex'), size };
      if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
        return done(new IntegrityMismatch(expected, actual));
      }
      done(null, held ?? undefined);
    },
  });
}
