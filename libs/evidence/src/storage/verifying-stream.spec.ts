import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IntegrityMismatch, verifyingStream } from './verifying-stream';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function run(chunks: Buffer[], expected: { sha256: string; size: number }) {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      received.push(chunk);
      done();
    },
  });
  const outcome = await pipeline(Readable.from(chunks), verifyingStream(expected), sink).then(
    () => null,
    (err: unknown) => err,
  );
  return { outcome, received: Buffer.concat(received) };
}

describe('verifyingStream', () => {
  const chunks = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')];
  const whole = Buffer.concat(chunks);

  it('passes matching content through unchanged', async () => {
    const { outcome, received } = await run(chunks, { sha256: sha(whole), size: whole.length });
    expect(outcome).toBeNull();
    expect(received.equals(whole)).toBe(true);
  });

  it('passes an empty object that matches', async () => {
    const { outcome, received } = await run([], { sha256: sha(Buffer.alloc(0)), size: 0 });
    expect(outcome).toBeNull();
    expect(received.length).toBe(0);
  });

  it.each([
    ['a flipped byte', [Buffer.from('first '), Buffer.from('secOnd '), Buffer.from('third')]],
    ['a missing tail', [Buffer.from('first '), Buffer.from('second ')]],
    ['extra bytes', [...chunks, Buffer.from('!')]],
    ['one chunk, corrupted', [Buffer.from('first second thirD')]],
  ])('never delivers the whole of a stream with %s, and fails', async (_, corrupted) => {
    const { outcome, received } = await run(corrupted, { sha256: sha(whole), size: whole.length });
    expect(outcome).toBeInstanceOf(IntegrityMismatch);
    expect(received.length).toBeLessThan(Buffer.concat(corrupted).length);
  });
});
