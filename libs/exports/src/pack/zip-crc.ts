import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';

type Crc32Input = string | Buffer;
type Crc32Previous = Buffer | number | undefined;

interface BufferCrc32 {
  unsigned(input: Crc32Input, previous?: Crc32Previous): number;
  signed(input: Crc32Input, previous?: Crc32Previous): number;
}

let installed = false;

/**
 * yazl takes the CRC-32 of every entry through `buffer-crc32`, a byte-at-a-time table in JavaScript that
 * costs more than the SHA-256 the pack needs anyway. Node's `zlib.crc32` (native, Node 20.15+) returns the
 * same numbers an order of magnitude faster: this points the `buffer-crc32` instance yazl loads at it. Same
 * results for every input, so the ZIP bytes do not change; done once per process.
 */
export function useNativeZipCrc(): void {
  if (installed) return;
  const yazlRequire = createRequire(require.resolve('yazl'));
  const bufferCrc32 = yazlRequire('buffer-crc32') as BufferCrc32;
  const previousOf = (previous: Crc32Previous) =>
    Buffer.isBuffer(previous) ? previous.readUInt32BE(0) : (previous ?? 0);
  bufferCrc32.unsigned = (input, previous) => crc32(input, previousOf(previous));
  bufferCrc32.signed = (input, previous) => crc32(input, previousOf(previous)) | 0;
  installed = true;
}
