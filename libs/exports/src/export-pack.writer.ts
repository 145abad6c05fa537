import { Writable } from 'node:stream';
import { PackContent, PackSigner, PackWriteResult } from './pack/pack-content';

/** Writes the pack ZIP for `content` to `out`, signed by `signer`, reporting progress (0–100) as it goes. */
export type PackWriter = (
  content: PackContent,
  signer: PackSigner,
  out: Writable,
  onProgress?: (percent: number) => void,
) => Promise<PackWriteResult>;

/** Injection token for the pack writer the export job uses. */
export const PACK_WRITER = Symbol('PACK_WRITER');
