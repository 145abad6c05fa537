import { MAX_ATTEMPTS, nextRetryDelay, parseRetryAfter, RETRY_DELAYS_MS, verdictFor } from './retry-schedule';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('webhook retry schedule', () => {
  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up (8 attempts)', () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelay(n, 0.5))).toEqual(RETRY_DELAYS_MS);
    expect(nextRetryDelay(8, 0.5)).toBeNull();
  });

  it.each([
    [0, 0.9],
    [0.999999, 1.1],
  ])('jitters within ±10%% (random %p → ×%p)', (random, factor) => {
    expect(nextRetryDelay(2, random)).toBeCloseTo(5 * M * factor, -1);
  });

  it('lets Retry-After lengthen a delay, never shorten it, up to 10 h', () => {
    expect(nextRetryDelay(1, 0.5, 60 * S)).toBe(60 * S);
    expect(nextRetryDelay(2, 0.5, 1 * S)).toBe(5 * M);
    expect(nextRetryDelay(1, 0.5, 48 * H)).toBe(10 * H);
  });

  it.each([
    ['120', 120 * S],
    ['0', 0],
    ['Wed, 01 Jan 2026 00:01:00 GMT', 60 * S],
    ['soon', null],
    [undefined, null],
  ])('reads Retry-After %p', (value, expected) => {
    expect(parseRetryAfter(value, new Date('2026-01-01T00:00:00Z'))).toBe(expected);
  });

  it.each([
    [200, 'success'],
    [204, 'success'],
    [301, 'retry'],
    [302, 'retry'],
    [400, 'retry'],
    [410, 'gone'],
    [429, 'retry'],
    [500, 'retry'],
    [null, 'retry'],
  ])('status %p is %p', (status, verdict) => {
    expect(verdictFor(status)).toBe(verdict);
  });
});
