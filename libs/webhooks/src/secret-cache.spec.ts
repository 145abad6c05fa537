import { randomBytes } from 'node:crypto';
import { SecretBox } from '@aims/platform';
import { SecretCache } from './secret-cache';

describe('SecretCache', () => {
  const box = new SecretBox(randomBytes(32));
  const id = 'b7f1d5a9-3e8c-4b26-a0d4-9c2e6f1a8b53';
  const now = new Date('2026-11-30T09:00:00.000Z');
  const endpoint = (current: string, previous?: string, previousUntil?: Date) => ({
    id,
    secretSealed: box.seal(current, id),
    previousSecretSealed: previous ? box.seal(previous, id) : null,
    previousSecretExpiresAt: previousUntil ?? null,
  });

  it('unseals once per endpoint and serves the same secrets after', () => {
    const cache = new SecretCache(box);
    const open = jest.spyOn(box, 'open');
    const e = endpoint('whsec_a');
    expect(cache.activeSecrets(e, now)).toEqual(['whsec_a']);
    expect(cache.activeSecrets(e, now)).toEqual(['whsec_a']);
    expect(open).toHaveBeenCalledTimes(1);
    open.mockRestore();
  });

  it('never serves a rotated secret from the cache, and drops the previous one when the overlap ends', () => {
    const cache = new SecretCache(box);
    expect(cache.activeSecrets(endpoint('whsec_a'), now)).toEqual(['whsec_a']);
    const rotated = endpoint('whsec_b', 'whsec_a', new Date(now.getTime() + 3600_000));
    expect(cache.activeSecrets(rotated, now)).toEqual(['whsec_b', 'whsec_a']);
    expect(cache.activeSecrets(rotated, new Date(now.getTime() + 3600_000))).toEqual(['whsec_b']);
  });
});
