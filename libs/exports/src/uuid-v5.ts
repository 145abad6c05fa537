import { createHash } from 'node:crypto';

/** RFC 9562 UUIDv5 (SHA-1, name-based): the same namespace and name always give the same id. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace AIMS derives pack ids from. */
export const PACK_NAMESPACE = 'b2f4c1d6-6f0e-5a8c-9d3b-2a7e41c0f5aa';
