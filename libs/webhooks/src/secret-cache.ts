import { SecretBox } from '@aims/platform';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export type EndpointSecrets = Pick<
  WebhookEndpoint,
  'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'
>;

/** How long an unsealed secret is kept in memory for the next deliveries to the same endpoint. */
const SECRET_CACHE_MS = 60_000;

/**
 * The secrets that sign a delivery now: the current one, and the previous one during a rotation overlap.
 * Unsealed secrets are kept for a minute per endpoint, keyed by the sealed values, so a rotation (new
 * sealed values) is never served from the cache and a burst to one endpoint unseals once.
 */
export class SecretCache {
  private readonly entries = new Map<string, { key: string; secrets: string[]; until: number }>();

  constructor(private readonly box: SecretBox) {}

  activeSecrets(endpoint: EndpointSecrets, now: Date): string[] {
    const overlap =
      endpoint.previousSecretSealed &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > now
        ? endpoint.previousSecretSealed
        : null;
    const key = `${endpoint.secretSealed}|${overlap ?? ''}`;
    const at = Date.now();
    const cached = this.entries.get(endpoint.id);
    if (cached && cached.key === key && cached.until > at) return cached.secrets;
    const secrets = [this.box.open(endpoint.secretSealed, endpoint.id).toString('utf8')];
    if (overlap) secrets.push(this.box.open(overlap, endpoint.id).toString('utf8'));
    if (this.entries.size >= SECRET_CACHE_LIMIT) this.evictExpired(at);
    this.entries.set(endpoint.id, { key, secrets, until: at + SECRET_CACHE_MS });
    return secrets;
  }

  private evictExpired(at: number): void {
    for (const [id, entry] of this.entries) if (entry.until <= at) this.entries.delete(id);
    if (this.entries.size >= SECRET_CACHE_LIMIT) this.entries.clear();
  }
}

const SECRET_CACHE_LIMIT = 10_000;
