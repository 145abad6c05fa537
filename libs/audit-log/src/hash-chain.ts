import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no insignificant white space (RFC 8785 style). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in canonical JSON');
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The fields of an audit event that the hash covers. */
export interface ChainedEventBody {
  organisationId: string;
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actorType: string;
  actorId: string | null;
  requestId: string | null;
  occurredAt: string;
  changes: unknown;
}

/** hash = sha256(prev_hash || canonical_json(event)), hex. */
export function chainHash(prevHash: string, body: ChainedEventBody): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
}

/**
 * The canonical JSON of an event up to its sequence number, which sorts after every other field:
 * `chainHash(prev, body)` is sha256(prev || prefix || seq || '}'), so the hash can be computed where the
 * sequence number is known, in the statement that locks the chain head (UnitOfWork).
 */
export function chainPrefix(body: Omit<ChainedEventBody, 'seq'>): string {
  const fields = Object.keys(body);
  if (fields.some((field) => field >= 'seq')) throw new Error('seq must sort last in a chained event');
  return `${canonicalJson(body).slice(0, -1)},"seq":`;
}

export interface StoredChainEvent extends ChainedEventBody {
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  valid: boolean;
  checkedEvents: number;
  firstBrokenSeq: number | null;
}

/**
 * Walks events in sequence order from `expectedPrev` and reports the first event whose sequence number,
 * previous-hash link or own hash does not hold. Call it page by page, threading `expectedPrev`/`nextSeq`.
 */
export function verifyChainSegment(
  events: StoredChainEvent[],
  expectedPrev: string,
  nextSeq: number,
): { firstBrokenSeq: number | null; lastHash: string; nextSeq: number } {
  let prev = expectedPrev;
  let seq = nextSeq;
  for (const event of events) {
    if (event.seq !== seq || event.prevHash !== prev || chainHash(prev, bodyOf(event)) !== event.hash) {
      return { firstBrokenSeq: seq, lastHash: prev, nextSeq: seq };
    }
    prev = event.hash;
    seq += 1;
  }
  return { firstBrokenSeq: null, lastHash: prev, nextSeq: seq };
}

export function bodyOf(e: ChainedEventBody): ChainedEventBody {
  return {
    organisationId: e.organisationId,
    seq: e.seq,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    actorType: e.actorType,
    actorId: e.actorId,
    requestId: e.requestId,
    occurredAt: e.occurredAt,
    changes: e.changes,
  };
}
