import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, Role } from '@aims/platform';

export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
  mid: string;
}

/** Issues and verifies the short-lived HS256 access tokens; each is bound to one membership and role. */
@Injectable()
export class AuthTokenService {
  private readonly jwt: JwtService;

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
    try {
      const payload = this.jwt.verify<AccessClaims & { typ: string }>(token, {
        algorithms: ['HS256'],
        issuer: 'aims',
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (payload.typ !== 'access' || !payload.sub || !payload.org || !payload.mid) return null;
      return { sub: payload.sub, org: payload.org, role: payload.role, mid: payload.mid };
    } catch {
      return null;
    }
  }
}
