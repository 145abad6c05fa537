const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delays before each retry after the immediate first attempt (docs/domain-rules.md#webhooks): 8 attempts in all. */
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Spread of the jitter around each delay (±10 %), so endpoints recovering from an outage are not stampeded. */
export const JITTER = 0.1;

/** A response slower than this is a failure. */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;

/** An endpoint whose every attempt has failed for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** `Retry-After` is honoured up to the longest scheduled delay. */
const MAX_RETRY_AFTER_MS = 10 * HOUR;

/**
 * The delay before the next attempt once `attemptsMade` attempts have failed, or null when the schedule is
 * exhausted. `random` is in [0, 1); `retryAfterMs` (from a 429/503) replaces a shorter scheduled delay.
 */
export function nextRetryDelay(
  attemptsMade: number,
  random: number,
  retryAfterMs: number | null = null,
): number | null {
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + JITTER * (2 * random - 1)));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Reads `Retry-After` (delay-seconds or an HTTP date) into milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export type AttemptVerdict = 'success' | 'gone' | 'retry';

/** What a response status means: 2xx success, 410 disables the endpoint, anything else (3xx included) fails. */
export function verdictFor(status: number | null): AttemptVerdict {
  if (status !== null && status >= 200 && status < 300) return 'success';
  if (status === 410) return 'gone';
  return 'retry';
}

/** Whether a status asks the sender to wait (`Retry-After` honoured). */
export function honoursRetryAfter(status: number | null): boolean {
  return status === 429 || status === 503;
}
