import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, actorId, Clock, unique } from '@aims/platform';
import { ChainedEventBody, chainPrefix, GENESIS_HASH } from './hash-chain';
import { EventType } from './outbox/event-types';
import { OUTBOX_CHANNEL } from './outbox/outbox-wake-listener';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Record<string, unknown>;
}

/** What a mutation does inside its transaction: change data, record audit events, emit outbox events. */
export class Work {
  readonly audits: AuditEntry[] = [];
  readonly events: { type: EventType; payload: Record<string, unknown> }[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly actor: Actor,
  ) {}

  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }

  emit(type: EventType, payload: Record<string, unknown>): void {
    this.events.push({ type, payload });
  }
}

/**
 * One unit of work per mutation: the domain change, its audit events and its outbox events commit in one
 * transaction, or none of them do. Audit events are appended last, in the statement that locks the
 * organisation's chain head, so the lock is held for the rest of that statement and the commit, and the
 * chain never forks.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async run<T>(actor: Actor, fn: (work: Work) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => this.within(manager, actor, fn));
  }

  /** The same, inside a transaction the caller already holds. */
  async within<T>(manager: EntityManager, actor: Actor, fn: (work: Work) => Promise<T>): Promise<T> {
    const work = new Work(manager, actor);
    const result = await fn(work);
    await this.record(manager, [work]);
    return result;
  }

  /**
   * One piece of work per actor (each in its own organisation, as a batch job acting for several
   * organisations does), recorded together in one statement: every outbox event, every chain head locked
   * (in organisation order, so concurrent batches cannot deadlock) and every audit event appended.
   */
  async withinEach(
    manager: EntityManager,
    actors: Actor[],
    fn: (work: Work) => Promise<void>,
  ): Promise<void> {
    const works: Work[] = [];
    for (const actor of actors) {
      const work = new Work(manager, actor);
      await fn(work);
      works.push(work);
    }
    await this.record(manager, works);
  }

  /**
   * Records every outbox event and audit event in one statement (RECORD_SQL). An organisation whose chain
   * has no head yet gets one at genesis and its events are appended by a second statement.
   */
  private async record(manager: EntityManager, works: Work[]): Promise<void> {
    const events = works.flatMap((w) =>
      w.events.map((e) => ({ organisationId: w.actor.organisationId, type: e.type, payload: e.payload })),
    );
    const entries = this.chainEntries(works);
    if (events.length === 0 && entries.length === 0) return;
    const appended = await this.append(manager, events, entries);
    const headless = unique(entries.map((e) => e.organisationId).filter((id) => !appended.includes(id)));
    if (headless.length === 0) return;
    await manager.query(
      `INSERT INTO audit_chain_head (organisation_id, seq, hash)
       SELECT id, 0, $2 FROM unnest($1::uuid[]) AS id ORDER BY id ON CONFLICT DO NOTHING`,
      [headless.sort(), GENESIS_HASH],
    );
    await this.append(
      manager,
      [],
      entries.filter((e) => headless.includes(e.organisationId)),
    );
  }

  /** Runs RECORD_SQL; returns the organisations whose events were appended. */
  private async append(manager: EntityManager, events: unknown[], entries: ChainEntry[]): Promise<string[]> {
    const prefixes: Record<string, string[]> = {};
    for (const { organisationId, prefix } of entries) (prefixes[organisationId] ??= []).push(prefix);
    const [{ appended }]: { appended: string[] }[] = await manager.query(RECORD_SQL, [
      JSON.stringify(events),
      OUTBOX_CHANNEL,
      JSON.stringify(entries.map(({ prefix: _prefix, ...row }) => row)),
      JSON.stringify(prefixes),
    ]);
    return appended;
  }

  /**
   * The audit events in chain order, numbered from 0 within each organisation: everything the hash covers
   * except the sequence number, which only the locked head gives (chainPrefix).
   */
  private chainEntries(works: Work[]): ChainEntry[] {
    const occurredAt = this.clock.now().toISOString();
    const counts = new Map<string, number>();
    const entries: ChainEntry[] = [];
    for (const { actor, audits } of works) {
      // Lower case, as PostgreSQL writes a uuid: RECORD_SQL finds the prefixes by organisation id as text.
      const organisationId = actor.organisationId.toLowerCase();
      for (const entry of audits) {
        const n = counts.get(organisationId) ?? 0;
        counts.set(organisationId, n + 1);
        const body = {
          organisationId,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId ?? null,
          actorType: actor.type,
          actorId: actorId(actor),
          requestId: actor.requestId ?? null,
          occurredAt,
          changes: JSON.parse(JSON.stringify(entry.changes ?? {})) as Record<string, unknown>,
        };
        entries.push({ ...body, n, prefix: chainPrefix(body) });
      }
    }
    return entries;
  }
}

interface ChainEntry extends Omit<ChainedEventBody, 'seq'> {
  /** Position among the organisation's events in this unit of work, from 0. */
  n: number;
  prefix: string;
}

/**
 * $1 outbox events, $2 the channel whose NOTIFY wakes the relay (delivered only at commit), $3 audit
 * events, $4 their chain prefixes by organisation, in order. Locks the organisations' chain heads in
 * organisation order (concurrent batches cannot deadlock), hashes each event onto the one before it
 * (chainHash as sha256(prev || prefix || seq || '}'), computed here because only the locked head gives seq
 * and prev; each step finds its prefix by position, so a long batch costs linear time), inserts the events
 * and moves the heads. The locks are taken last and held for the rest of this statement and the commit,
 * so one organisation's writers queue for no more than that. Returns the organisations whose events were
 * appended: one without a head appends nothing.
 */
const RECORD_SQL = `
WITH RECURSIVE
  outbox AS (
    INSERT INTO outbox_event (organisation_id, type, payload)
    SELECT e."organisationId", e.type, e.payload
      FROM jsonb_to_recordset($1::jsonb) AS e("organisationId" uuid, type text, payload jsonb)
    RETURNING 1
  ),
  entry AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb) AS e("organisationId" uuid, n int, action text,
           "entityType" text, "entityId" text, "actorType" text, "actorId" uuid, "requestId" text,
           "occurredAt" timestamptz, changes jsonb)
  ),
  head AS MATERIALIZED (
    SELECT organisation_id, seq, hash FROM audit_chain_head
     WHERE organisation_id IN (SELECT "organisationId" FROM entry)
     ORDER BY organisation_id FOR UPDATE
  ),
  chain AS (
    SELECT organisation_id, 0 AS n, seq + 1 AS seq, hash::text AS prev_hash,
           encode(sha256(convert_to(
             hash || ($4::jsonb -> organisation_id::text ->> 0) || (seq + 1) || '}', 'UTF8')), 'hex') AS hash
      FROM head
    UNION ALL
    SELECT organisation_id, n + 1, seq + 1, hash,
           encode(sha256(convert_to(
             hash || ($4::jsonb -> organisation_id::text ->> (n + 1)) || (seq + 1) || '}', 'UTF8')), 'hex')
      FROM chain
     WHERE n + 1 < jsonb_array_length($4::jsonb -> organisation_id::text)
  ),
  moved AS (
    UPDATE audit_chain_head h SET seq = tip.seq, hash = tip.hash
      FROM (SELECT DISTINCT ON (organisation_id) * FROM chain ORDER BY organisation_id, n DESC) tip
     WHERE h.organisation_id = tip.organisation_id
  ),
  appended AS (
    INSERT INTO audit_event (organisation_id, seq, action, entity_type, entity_id, actor_type, actor_id,
                             request_id, occurred_at, changes, prev_hash, hash)
    SELECT e."organisationId", c.seq, e.action, e."entityType", e."entityId", e."actorType", e."actorId",
           e."requestId", e."occurredAt", e.changes, c.prev_hash, c.hash
      FROM chain c JOIN entry e ON e."organisationId" = c.organisation_id AND e.n = c.n
    RETURNING organisation_id
  )
SELECT (SELECT pg_notify($2, '') FROM outbox LIMIT 1) AS notified,
       ARRAY(SELECT DISTINCT organisation_id::text FROM appended) AS appended`;
