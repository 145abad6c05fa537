import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed URL is for; a token signed for one purpose is refused for any other. */
export type TokenPurpose = 'evidence-upload' | 'evidence-download' | 'pack-download';

export interface TokenClaims {
  /** Purpose. */
  p: TokenPurpose;
  /** Expiry, epoch seconds. */
  exp: number;
  [claim: string]: unknown;
}

export type TokenVerdict<T> = { ok: true; claims: T } | { ok: false; reason: 'invalid' | 'expired' };

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

/** `base64url(JSON claims).base64url(HMAC-SHA256)`: opaque to clients, checkable without the database. */
export function signToken(key: Buffer, claims: TokenClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/**
 * The claims of a well-formed token signed with `key` for `purpose` and not yet expired at `now`. A forged,
 * altered, truncated or other-purpose token is `invalid`; the signature is checked before anything is read.
 */
export function verifyToken<T extends TokenClaims>(
  key: Buffer,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): TokenVerdict<T> {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
    return { ok: false, reason: 'invalid' };
  }
  const given = Buffer.from(parts[1], 'base64url');
  const expected = mac(key, parts[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  let claims: T;
  try {
    claims = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as T;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (claims?.p !== purpose || typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
