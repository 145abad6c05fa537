import { createHash, randomBytes } from 'node:crypto';
import { streamDigest } from './digest-thread';

describe('streamDigest', () => {
  it('hashes on its thread exactly what node:crypto hashes here, in chunks of any size', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 12345);
    const partSize = 5 * 1024 * 1024;
    const digest = streamDigest({ md5: true, partSize });
    // Far more than the 8 MiB the thread may lag behind, in uneven chunks: updates wait, nothing is lost.
    for (let offset = 0, n = 1; offset < data.length; n = (n * 7919) % 3_000_000) {
      await digest.update(data.subarray(offset, offset + n));
      offset += n;
    }
    const parts: Buffer[] = [];
    for (let offset = 0; offset < data.length; offset += partSize)
      parts.push(
        createHash('sha256')
          .update(data.subarray(offset, offset + partSize))
          .digest(),
      );
    expect(await digest.digest()).toEqual({
      sha256: createHash('sha256').update(data).digest('hex'),
      md5: createHash('md5').update(data).digest('hex'),
      partDigests: parts,
    });
  });

  it('hashes many streams at once, each its own', async () => {
    const inputs = Array.from({ length: 8 }, (_, i) => randomBytes(100_000 * (i + 1)));
    const digests = await Promise.all(
      inputs.map(async (input) => {
        const d = streamDigest();
        await d.update(input.subarray(0, 1000));
        await d.update(input.subarray(1000));
        return d.digest();
      }),
    );
    expect(digests.map((d) => d.sha256)).toEqual(
      inputs.map((input) => createHash('sha256').update(input).digest('hex')),
    );
  });

  it('hashes an empty stream, with one part digest when parts are asked for', async () => {
    const empty = createHash('sha256').update(Buffer.alloc(0)).digest();
    expect(await streamDigest({ partSize: 1024 }).digest()).toEqual({
      sha256: empty.toString('hex'),
      md5: undefined,
      partDigests: [empty],
    });
  });

  it('refuses more bytes once aborted', async () => {
    const d = streamDigest();
    d.abort();
    await expect(d.update(randomBytes(20 * 1024 * 1024))).rejects.toThrow('aborted');
  });
});
