import { Injectable } from '@nestjs/common';
import { ActorResolver } from '@aims/identity';
import { Actor, actorId, ActorType, AppConfig, Clock, Role } from '@aims/platform';
import { signToken, TokenClaims, TokenPurpose, verifyToken } from './signed-token';

/** A failure of a signed-URL transfer, answered as `{ statusCode, code, message }`. */
export class TransferError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who a signed URL was issued to: the actor its transfer acts as. */
export interface IssuedTo {
  /** Actor type, id and role. */
  st: ActorType;
  sub: string | null;
  r: Role;
}

/** The claims every signed URL carries: its purpose, expiry, organisation and holder. */
export type IssuedClaims = TokenClaims & IssuedTo & { org: string };

export function issuedTo(actor: Actor): IssuedTo {
  return { st: actor.type, sub: actorId(actor), r: actor.role };
}

export function actorOf(claims: IssuedTo & { org: string }, requestId?: string): Actor {
  return {
    type: claims.st,
    organisationId: claims.org,
    role: claims.r,
    userId: claims.st === 'USER' ? (claims.sub ?? undefined) : undefined,
    apiKeyId: claims.st === 'API_KEY' ? (claims.sub ?? undefined) : undefined,
    requestId,
  };
}

/**
 * Short-lived signed URLs on the API itself (evidence uploads and downloads, pack downloads): issued for the
 * caller, and opened only while the token is genuine, unexpired, for its purpose, and its holder still valid.
 */
@Injectable()
export class SignedUrls {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly actors: ActorResolver,
  ) {}

  /** The expiry of a URL issued now. */
  expiry(): { exp: number; expiresAt: Date } {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + this.config.EVIDENCE_URL_TTL_SECONDS;
    return { exp, expiresAt: new Date(exp * 1000) };
  }

  /** `<public base URL>/<path>/<token>`. */
  url(path: string, claims: TokenClaims): string {
    return `${this.config.publicBaseUrl}/${path}/${signToken(this.config.urlSigningKey, claims)}`;
  }

  /**
   * The claims of `token` and the actor it acts as. An expired token is 410 `<KIND>_URL_EXPIRED`, any other
   * bad token 403 `<KIND>_URL_INVALID`, and a holder no longer valid 403 `URL_HOLDER_REVOKED`.
   */
  async open<T extends IssuedClaims>(
    token: string,
    purpose: TokenPurpose,
    kind: 'UPLOAD' | 'DOWNLOAD',
    requestId?: string,
  ): Promise<{ claims: T; actor: Actor }> {
    const verdict = verifyToken<T>(this.config.urlSigningKey, token, purpose, this.clock.now());
    const name = kind.toLowerCase();
    if (!verdict.ok) {
      throw verdict.reason === 'expired'
        ? new TransferError(410, `${kind}_URL_EXPIRED`, `The ${name} URL has expired; ask for a new one`)
        : new TransferError(403, `${kind}_URL_INVALID`, `The ${name} URL is not valid`);
    }
    const actor = actorOf(verdict.claims, requestId);
    try {
      await this.actors.assertStillValid(actor);
    } catch {
      throw new TransferError(
        403,
        'URL_HOLDER_REVOKED',
        'The URL was issued to credentials that are no longer valid',
      );
    }
    return { claims: verdict.claims, actor };
  }
}
