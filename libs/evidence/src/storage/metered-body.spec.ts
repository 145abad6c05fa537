import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectTooLarge } from './evidence-storage';
import { meterBody, MeterOptions } from './metered-body';

const digest = (b: Buffer) => createHash('sha256').update(b).digest();
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
    ['chunks ending on part boundaries', [whole.subarray(0, 10), whole.subarray(10, 20), whole.subarray(20)]],
    ['chunks spanning several parts', [whole.subarray(0, 3), whole.subarray(3, 27), whole.subarray(27)]],
    ['one byte at a time', [...whole].map((b) => Buffer.from([b]))],
  ])('hashes the body and each part of it, %s', async (_case, chunks) => {
    const result = await metered(chunks, { partSize: 10, md5: true });
    expect(result.size).toBe(whole.length);
    expect(result.sha256).toBe(digest(whole).toString('hex'));
    // The parts a multipart upload of 10-byte parts sends: 10, 10, 10 and 6 bytes.
    expect(result.partDigests).toEqual([0, 10, 20, 30].map((at) => digest(whole.subarray(at, at + 10))));
    expect(result.md5).toBe(createHash('md5').update(whole).digest('hex'));
  });

  it('keeps no part digests without a part size, and no MD5 unless asked', async () => {
    const result = await metered([whole]);
    expect(result.partDigests).toEqual([]);
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
