import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { useNativeZipCrc } from './zip-crc';

/** The CRC-32 of ZIP (IEEE 802.3, reflected), bit by bit: the reference the fast paths must match. */
function referenceCrc32(data: Buffer, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

describe('useNativeZipCrc', () => {
  const yazlCrc = createRequire(require.resolve('yazl'))('buffer-crc32') as {
    unsigned(input: string | Buffer, previous?: Buffer | number): number;
    signed(input: string | Buffer, previous?: Buffer | number): number;
  };
  const original = { unsigned: yazlCrc.unsigned, signed: yazlCrc.signed };
  afterAll(() => Object.assign(yazlCrc, original));

  it('gives the CRC-32 yazl computed before, in one piece and in chunks', () => {
    const samples = [Buffer.alloc(0), Buffer.from('123456789'), randomBytes(70_001)];
    const before = samples.map((s) => original.unsigned(s));
    useNativeZipCrc();
    expect(yazlCrc.unsigned).not.toBe(original.unsigned);
    expect(yazlCrc.unsigned(Buffer.from('123456789'))).toBe(0xcbf43926);
    samples.forEach((s, i) => {
      expect(yazlCrc.unsigned(s)).toBe(before[i]);
      expect(yazlCrc.unsigned(s)).toBe(referenceCrc32(s));
      expect(yazlCrc.signed(s)).toBe(before[i] | 0);
    });
    const data = samples[2];
    const chunked = [data.subarray(0, 1000), data.subarray(1000, 65_536), data.subarray(65_536)].reduce(
      (crc, part) => yazlCrc.unsigned(part, crc),
      0,
    );
    expect(chunked).toBe(referenceCrc32(data));
    const partial = original.unsigned(data.subarray(0, 5000));
    const asBuffer = Buffer.alloc(4);
    asBuffer.writeUInt32BE(partial);
    expect(yazlCrc.unsigned(data.subarray(5000), asBuffer)).toBe(referenceCrc32(data));
    expect(yazlCrc.unsigned('text')).toBe(original.unsigned('text'));
  });
});
