import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, BadUserInput, Clock, NotFound, Role } from '@aims/platform';
import { diffFields, UnitOfWork } from '@aims/audit-log';
import { apiKeyCacheKey, CredentialCache } from './credential-cache';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyInput, RevokeApiKeyInput } from './dto/identity.inputs';
import { newApiKeySecret, sha256Hex } from './secrets';

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly credentials: CredentialCache,
  ) {}

  list(actor: Actor): Promise<ApiKey[]> {
    return this.dataSource
      .getRepository(ApiKey)
      .find({ where: { organisationId: actor.organisationId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Keys act for integrations, never as OWNER. The secret is returned once and only its hash is kept. */
  async create(actor: Actor, input: CreateApiKeyInput): Promise<{ apiKey: ApiKey; secret: string }> {
    if (input.role === Role.OWNER)
      throw BadUserInput.field('input.role', 'API keys cannot have the OWNER role');
    if (input.expiresAt && input.expiresAt <= this.clock.now()) {
      throw BadUserInput.field('input.expiresAt', 'must be in the future');
    }
    const { prefix, secret } = newApiKeySecret();
    return this.uow.run(actor, async (work) => {
      const apiKey = await work.manager.getRepository(ApiKey).save({
        organisationId: actor.organisationId,
        name: input.name,
        role: input.role,
        prefix,
        secretHash: sha256Hex(secret),
        expiresAt: input.expiresAt ?? null,
        revokedAt: null,
        lastUsedAt: null,
        createdByUserId: actor.userId ?? null,
      });
      work.audit({
        action: 'api_key.created',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        changes: diffFields(null, apiKey, ['name', 'role', 'prefix', 'expiresAt']),
      });
      return { apiKey, secret };
    });
  }

  /** Revoking is immediate and idempotent. */
  async revoke(actor: Actor, input: RevokeApiKeyInput): Promise<ApiKey> {
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(ApiKey);
      const apiKey = await repo.findOneBy({ id: input.id, organisationId: actor.organisationId });
      if (!apiKey) throw new NotFound('ApiKey', input.id);
      if (apiKey.revokedAt) return apiKey;
      apiKey.revokedAt = this.clock.now();
      await repo.save(apiKey);
      await this.credentials.invalidate(work.manager, apiKeyCacheKey(apiKey.prefix));
      work.audit({
        action: 'api_key.revoked',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        changes: { revokedAt: { from: null, to: apiKey.revokedAt.toISOString() } },
      });
      return apiKey;
    });
  }
}
