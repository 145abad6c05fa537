import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectTooLarge } from './evidence-storage';
import { meterBody, MeterOptions } from './metered-body';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sink = () => new Writable({ write: (_c, _e, done) => done() });

async function metered(chunks: Buffer[], options?: MeterOptions, maxBytes = 1000) {
  const m = meterBody(Readable.from(chunks), maxBytes, options);
  await pipeline(m.stream, sink());
  m.detach();
  return m.result();
}

describe('meterBody', () => {
  const whole = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');

  it.each([
    ['one chunk', [whole]],
    ['several chunks', [whole.subarray(0, 3), whole.subarray(3, 27), whole.subarray(27)]],
    ['one byte at a time', [...whole].map((b) => Buffer.from([b]))],
  ])('hashes the body, %s', async (_case, chunks) => {
    const result = await metered(chunks, { md5: true });
    expect(result.size).toBe(whole.length);
    expect(result.sha256).toBe(sha256(whole));
    expect(result.md5).toBe(createHash('md5').update(whole).digest('hex'));
  });

  it('computes no MD5 unless asked', async () => {
    const result = await metered([whole]);
    expect(result.sha256).toBe(sha256(whole));
    expect(result.md5).toBeUndefined();
  });

  it('fails past the limit', async () => {
    const m = meterBody(Readable.from([whole, whole]), 40);
    await expect(pipeline(m.stream, sink())).rejects.toBeInstanceOf(ObjectTooLarge);
  });

  it('fails when the body closes before its end', async () => {
    const body = new Readable({ read() {} });
    const m = meterBody(body, 1000);
    const done = pipeline(m.stream, sink());
    body.push(Buffer.from('partial'));
    body.destroy();
    await expect(done).rejects.toThrow('The upload was interrupted');
  });
});
