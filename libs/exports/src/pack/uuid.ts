import { createHash } from 'node:crypto';

/** The namespace of every UUID an evidence pack derives (RFC 9562 §5.5): fixed, so ids are reproducible. */
export const PACK_UUID_NAMESPACE = 'a7d5c3e1-42a0-5b1e-9c6d-0f4e8b2a1d37';

/** A name-based UUID (version 5, SHA-1): the same name in the same namespace always gives the same id. */
export function uuidV5(name: string, namespace: string = PACK_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
