import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, Clock, RateLimiter, Role, Unauthenticated } from '@aims/platform';
import { ApiKey } from './api-key.entity';
import { AuthTokenService } from './auth-token.service';
import { apiKeyCacheKey, CredentialCache, membershipCacheKey } from './credential-cache';
import { Membership } from './membership.entity';
import { API_KEY_PATTERN, sameHash, sha256Hex } from './secrets';

/** `lastUsedAt` is kept to the minute: a key in constant use costs one write a minute, not one a request. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Turns an `Authorization: Bearer` credential into an Actor, checking on every request that the
 * membership still exists, is active, unexpired and still has the token's role, or that the API key is
 * unrevoked, unexpired and within its rate limit.
 */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AuthTokenService,
    private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly cache: CredentialCache,
  ) {}

  async resolve(authorization: string | undefined, requestId?: string): Promise<Actor> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new Unauthenticated();
    const credential = match[1];
    return API_KEY_PATTERN.test(credential)
      ? this.fromApiKey(credential, requestId)
      : this.fromToken(credential, requestId);
  }

  /**
   * For credentials checked earlier and used later (signed evidence URLs): throws UNAUTHENTICATED unless
   * the member is still active, unexpired and in the same role, or the API key is still unrevoked and
   * unexpired.
   */
  async assertStillValid(actor: Actor): Promise<void> {
    if (actor.type === 'USER' && actor.userId) {
      await this.activeMembership({ organisationId: actor.organisationId, userId: actor.userId }, actor.role);
    } else if (actor.type === 'API_KEY' && actor.apiKeyId) {
      const key = await this.dataSource
        .getRepository(ApiKey)
        .findOneBy({ id: actor.apiKeyId, organisationId: actor.organisationId });
      if (!key || key.role !== actor.role) throw new Unauthenticated('Invalid API key');
      this.assertKeyUsable(key);
    } else {
      throw new Unauthenticated();
    }
  }

  private async activeMembership(
    where: { organisationId: string; userId: string; id?: string },
    role: Role,
  ): Promise<Membership> {
    const { organisationId, userId } = where;
    const membership = await this.cache.get(membershipCacheKey(organisationId, userId), () =>
      this.dataSource.getRepository(Membership).findOneBy({ organisationId, userId }),
    );
    if (!membership || (where.id && membership.id !== where.id) || membership.status !== 'ACTIVE')
      throw new Unauthenticated('Membership no longer exists');
    if (membership.expiresAt && membership.expiresAt <= this.clock.now()) {
      throw new Unauthenticated('Membership has expired');
    }
    if (membership.role !== role) throw new Unauthenticated('Role changed since login; log in again');
    return membership;
  }

  private assertKeyUsable(key: ApiKey): void {
    if (key.revokedAt) throw new Unauthenticated('API key has been revoked');
    if (key.expiresAt && key.expiresAt <= this.clock.now()) throw new Unauthenticated('API key has expired');
  }

  private async fromToken(token: string, requestId?: string): Promise<Actor> {
    const claims = this.tokens.verify(token);
    if (!claims) throw new Unauthenticated('Invalid or expired access token');
    const membership = await this.activeMembership(
      { organisationId: claims.org, userId: claims.sub, id: claims.mid },
      claims.role,
    );
    return {
      type: 'USER',
      organisationId: membership.organisationId,
      role: membership.role,
      userId: membership.userId ?? undefined,
      membershipId: membership.id,
      requestId,
    };
  }

  private async fromApiKey(secret: string, requestId?: string): Promise<Actor> {
    const [, prefix] = API_KEY_PATTERN.exec(secret) as RegExpExecArray;
    const key = await this.cache.get(apiKeyCacheKey(prefix), () =>
      this.dataSource.getRepository(ApiKey).findOneBy({ prefix }),
    );
    const now = this.clock.now();
    if (!key || !sameHash(key.secretHash, sha256Hex(secret))) throw new Unauthenticated('Invalid API key');
    this.assertKeyUsable(key);
    await this.rateLimiter.hit(`api-key:${key.id}`, this.config.API_KEY_RATE_LIMIT, 60);
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await this.dataSource.getRepository(ApiKey).update({ id: key.id }, { lastUsedAt: now });
      key.lastUsedAt = now;
    }
    return {
      type: 'API_KEY',
      organisationId: key.organisationId,
      role: key.role,
      apiKeyId: key.id,
      requestId,
    };
  }
}
