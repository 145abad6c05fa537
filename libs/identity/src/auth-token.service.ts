import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, Role } from '@aims/platform';

export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
  mid: string;
}

/** Verified tokens remembered at most (the oldest is forgotten first). */
const VERIFIED_TOKENS = 10_000;

/**
 * Issues and verifies the short-lived HS256 access tokens; each is bound to one membership and role. A
 * token is immutable, so one verified signature holds until the token's expiry: verified tokens are
 * remembered with their claims and expiry, which is still checked against the clock on every request.
 */
@Injectable()
export class AuthTokenService {
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, { claims: AccessClaims; exp: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.jwt = new JwtService({
      secret: config.jwtSecret,
      signOptions: { algorithm: 'HS256', issuer: 'aims' },
    });
  }

  issue(claims: AccessClaims): { accessToken: string; expiresAt: Date } {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.config.JWT_TTL_SECONDS;
    const accessToken = this.jwt.sign({ ...claims, typ: 'access', iat, exp });
    return { accessToken, expiresAt: new Date(exp * 1000) };
  }

  /** Returns the claims, or null when the token is malformed, forged or expired. */
  verify(token: string): AccessClaims | null {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known && known.exp > now) return known.claims;
    try {
      const payload = this.jwt.verify<AccessClaims & { typ: string; exp: number }>(token, {
        algorithms: ['HS256'],
        issuer: 'aims',
        clockTimestamp: now,
      });
      if (payload.typ !== 'access' || !payload.sub || !payload.org || !payload.mid) return null;
      const claims = { sub: payload.sub, org: payload.org, role: payload.role, mid: payload.mid };
      if (this.verified.size >= VERIFIED_TOKENS)
        this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { claims, exp: payload.exp });
      return claims;
    } catch {
      return null;
    }
  }
}
