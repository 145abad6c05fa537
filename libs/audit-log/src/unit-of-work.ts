import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, actorId, Clock } from '@aims/platform';
import { chainHash, GENESIS_HASH } from './hash-chain';
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
 * transaction, or none of them do. Audit events are appended last, under a lock on the organisation's
 * chain head, so the lock is held for one statement and the commit and the chain never forks.
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
    // Outbox first: the chain head lock taken by the audit append is then held for one statement and
    // the commit only.
    await this.insertOutbox(manager, actor.organisationId, work.events);
    await this.appendAudit(manager, actor, work.audits);
    return result;
  }

  /** Every event in one statement, with the NOTIFY that wakes the relay (delivered only at commit). */
  private async insertOutbox(manager: EntityManager, organisationId: string, events: Work['events']) {
    if (events.length === 0) return;
    await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox_event (organisation_id, type, payload)
         SELECT $1, e.type, e.payload FROM jsonb_to_recordset($2::jsonb) AS e(type text, payload jsonb)
       )
       SELECT pg_notify($3, '')`,
      [organisationId, JSON.stringify(events), OUTBOX_CHANNEL],
    );
  }

  /**
   * Appends to the organisation's chain in two statements: lock and read the head, then insert every
   * event and move the head in one statement.
   */
  private async appendAudit(manager: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const organisationId = actor.organisationId;
    let { seq, hash: prevHash } = await this.lockHead(manager, organisationId);
    const occurredAt = this.clock.now().toISOString();
    const rows: Record<string, unknown>[] = [];
    for (const entry of entries) {
      seq += 1;
      const body = {
        organisationId,
        seq,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        actorType: actor.type,
        actorId: actorId(actor),
        requestId: actor.requestId ?? null,
        occurredAt,
        changes: JSON.parse(JSON.stringify(entry.changes ?? {})) as Record<string, unknown>,
      };
      const hash = chainHash(prevHash, body);
      rows.push({ ...body, prevHash, hash });
      prevHash = hash;
    }
    await manager.query(
      `WITH head AS (UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE organisation_id = $1)
       INSERT INTO audit_event (organisation_id, seq, action, entity_type, entity_id, actor_type, actor_id,
                                request_id, occurred_at, changes, prev_hash, hash)
       SELECT $1, e."seq", e."action", e."entityType", e."entityId", e."actorType", e."actorId",
              e."requestId", e."occurredAt", e."changes", e."prevHash", e."hash"
         FROM jsonb_to_recordset($4::jsonb) AS e("seq" bigint, "action" text, "entityType" text,
              "entityId" text, "actorType" text, "actorId" uuid, "requestId" text, "occurredAt" timestamptz,
              "changes" jsonb, "prevHash" text, "hash" text)`,
      [organisationId, seq, prevHash, JSON.stringify(rows)],
    );
  }

  /** The chain head, locked until commit; created at genesis for an organisation's first event. */
  private async lockHead(
    manager: EntityManager,
    organisationId: string,
  ): Promise<{ seq: number; hash: string }> {
    const select = 'SELECT seq, hash FROM audit_chain_head WHERE organisation_id = $1 FOR UPDATE';
    let rows: { seq: string; hash: string }[] = await manager.query(select, [organisationId]);
    if (rows.length === 0) {
      await manager.query(
        'INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
        [organisationId, GENESIS_HASH],
      );
      rows = await manager.query(select, [organisationId]);
    }
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  }
}
