import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, PgChannelListener } from '@aims/platform';

/** The NOTIFY channel on which a committed revocation, role change or removal names the credential. */
export const CREDENTIALS_CHANNEL = 'aims_credentials';

/** Cache keys: a membership by organisation and user (one per pair), an API key by its public prefix. */
export function membershipCacheKey(organisationId: string, userId: string): string {
  return `membership:${organisationId}:${userId}`;
}

export function apiKeyCacheKey(prefix: string): string {
  return `api-key:${prefix}`;
}

/**
 * Verified memberships and API keys, reused for AUTH_CACHE_SECONDS so an authenticated request costs no
 * read. A change that takes a credential's rights away calls `invalidate` inside its unit of work: the
 * notification reaches every replica (this one included) when the transaction commits, and each drops
 * the entry. While a replica's listening connection is down it drops everything it holds and entries
 * live at most AUTH_CACHE_SECONDS: that is the bound on staleness.
 */
@Injectable()
export class CredentialCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  private readonly ttlMs: number;
  /** Counts invalidations: a read that overlapped one is used but not kept (it may predate the change). */
  private generation = 0;
  private readonly listener: PgChannelListener;

  constructor(dataSource: DataSource, config: AppConfig) {
    this.ttlMs = config.AUTH_CACHE_SECONDS * 1000;
    this.listener = new PgChannelListener(dataSource, CREDENTIALS_CHANNEL, {
      notified: (key) => this.forget(key),
      // Anything revoked while nobody listened is read again.
      listening: () => this.clear(),
      lost: () => this.clear(),
    });
  }

  /** The cached value under `key`, or what `load` reads (cached when it is not null). */
  async get<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    if (this.ttlMs === 0) return load();
    const hit = this.entries.get(key);
    // Real time, not the injected Clock: this bounds staleness, it decides nothing about the credential.
    const now = Date.now();
    if (hit && hit.until > now) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    if (value !== null && generation === this.generation)
      this.entries.set(key, { value, until: now + this.ttlMs });
    else this.entries.delete(key);
    return value;
  }

  /** Drops `key` on every replica when `manager`'s transaction commits (and here at once). */
  async invalidate(manager: EntityManager, key: string): Promise<void> {
    this.forget(key);
    await manager.query('SELECT pg_notify($1, $2)', [CREDENTIALS_CHANNEL, key]);
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private forget(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs > 0) await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }
}
