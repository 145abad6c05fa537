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
    await this.record(manager, [work]);
    return result;
  }

  /**
   * One piece of work per actor (each in its own organisation, as a batch job acting for several
   * organisations does), recorded together: every outbox event in one statement, then every chain head
   * locked in one statement (in organisation order, so concurrent batches cannot deadlock) and every
   * audit event appended in one more.
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

  /** Outbox first: the chain head locks taken by the audit append are then held for one statement and the commit. */
  private async record(manager: EntityManager, works: Work[]): Promise<void> {
    await this.insertOutbox(manager, works);
    await this.appendAudit(manager, works);
  }

  /** Every event in one statement, with the NOTIFY that wakes the relay (delivered only at commit). */
  private async insertOutbox(manager: EntityManager, works: Work[]): Promise<void> {
    const events = works.flatMap((w) =>
      w.events.map((e) => ({ organisationId: w.actor.organisationId, type: e.type, payload: e.payload })),
    );
    if (events.length === 0) return;
    await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox_event (organisation_id, type, payload)
         SELECT e."organisationId", e.type, e.payload
           FROM jsonb_to_recordset($1::jsonb) AS e("organisationId" uuid, type text, payload jsonb)
       )
       SELECT pg_notify($2, '')`,
      [JSON.stringify(events), OUTBOX_CHANNEL],
    );
  }

  /**
   * Appends to each organisation's chain in two statements whatever the number of organisations: lock
   * and read the heads, then insert every event and move every head in one statement.
   */
  private async appendAudit(manager: EntityManager, works: Work[]): Promise<void> {
    const byOrganisation = new Map<string, Work[]>();
    for (const work of works) {
      if (work.audits.length === 0) continue;
      const id = work.actor.organisationId;
      byOrganisation.set(id, [...(byOrganisation.get(id) ?? []), work]);
    }
    if (byOrganisation.size === 0) return;
    const heads = await this.lockHeads(manager, [...byOrganisation.keys()]);
    const occurredAt = this.clock.now().toISOString();
    const rows: Record<string, unknown>[] = [];
    const moved: { organisationId: string; seq: number; hash: string }[] = [];
    for (const [organisationId, own] of byOrganisation) {
      let { seq, hash: prevHash } = heads.get(organisationId) as { seq: number; hash: string };
      for (const { actor, audits } of own) {
        for (const entry of audits) {
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
      }
      moved.push({ organisationId, seq, hash: prevHash });
    }
    await manager.query(
      `WITH heads AS (
         UPDATE audit_chain_head h SET seq = m."seq", hash = m."hash"
           FROM jsonb_to_recordset($1::jsonb) AS m("organisationId" uuid, "seq" bigint, "hash" text)
          WHERE h.organisation_id = m."organisationId"
       )
       INSERT INTO audit_event (organisation_id, seq, action, entity_type, entity_id, actor_type, actor_id,
                                request_id, occurred_at, changes, prev_hash, hash)
       SELECT e."organisationId", e."seq", e."action", e."entityType", e."entityId", e."actorType",
              e."actorId", e."requestId", e."occurredAt", e."changes", e."prevHash", e."hash"
         FROM jsonb_to_recordset($2::jsonb) AS e("organisationId" uuid, "seq" bigint, "action" text,
              "entityType" text, "entityId" text, "actorType" text, "actorId" uuid, "requestId" text,
              "occurredAt" timestamptz, "changes" jsonb, "prevHash" text, "hash" text)`,
      [JSON.stringify(moved), JSON.stringify(rows)],
    );
  }

  /** The organisations' chain heads, locked until commit; created at genesis for a first event. */
  private async lockHeads(
    manager: EntityManager,
    organisationIds: string[],
  ): Promise<Map<string, { seq: number; hash: string }>> {
    const ids = [...organisationIds].sort();
    const select = `SELECT organisation_id AS "organisationId", seq, hash FROM audit_chain_head
                     WHERE organisation_id = ANY($1::uuid[]) ORDER BY organisation_id FOR UPDATE`;
    type Head = { organisationId: string; seq: string; hash: string };
    let rows: Head[] = await manager.query(select, [ids]);
    if (rows.length < ids.length) {
      await manager.query(
        `INSERT INTO audit_chain_head (organisation_id, seq, hash)
         SELECT id, 0, $2 FROM unnest($1::uuid[]) AS id ORDER BY id ON CONFLICT DO NOTHING`,
        [ids, GENESIS_HASH],
      );
      rows = await manager.query(select, [ids]);
    }
    return new Map(rows.map((r) => [r.organisationId, { seq: Number(r.seq), hash: r.hash }]));
  }
}
