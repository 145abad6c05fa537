import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, actorId, Clock } from '@aims/platform';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEvent } from './audit-event.entity';
import { chainHash, GENESIS_HASH } from './hash-chain';
import { EventType } from './outbox/event-types';
import { OUTBOX_CHANNEL } from './outbox/outbox-wake-listener';
import { OutboxEvent } from './outbox/outbox-event.entity';

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
 * transaction, or none of them do. Audit events are appended at the end, under a lock on the
 * organisation's chain head, so the lock is held only briefly and the chain never forks.
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
    await this.appendAudit(manager, actor, work.audits);
    if (work.events.length > 0) {
      await manager.insert(
        OutboxEvent,
        work.events.map(
          (e) =>
            ({
              organisationId: actor.organisationId,
              type: e.type,
              payload: e.payload,
            }) as QueryDeepPartialEntity<OutboxEvent>,
        ),
      );
      // Delivered by PostgreSQL only when the transaction commits: wakes the relay (OutboxWakeListener).
      await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
    }
    return result;
  }

  private async appendAudit(manager: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const organisationId = actor.organisationId;
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditChainHead)
      .values({ organisationId, seq: 0, hash: GENESIS_HASH })
      .orIgnore()
      .execute();
    const head = await manager
      .getRepository(AuditChainHead)
      .createQueryBuilder('head')
      .setLock('pessimistic_write')
      .where('head.organisationId = :organisationId', { organisationId })
      .getOneOrFail();

    let { seq, hash: prevHash } = head;
    const occurredAt = this.clock.now();
    const rows: QueryDeepPartialEntity<AuditEvent>[] = [];
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
        occurredAt: occurredAt.toISOString(),
        changes: JSON.parse(JSON.stringify(entry.changes ?? {})) as Record<string, unknown>,
      };
      const hash = chainHash(prevHash, body);
      rows.push({ ...body, occurredAt, prevHash, hash } as QueryDeepPartialEntity<AuditEvent>);
      prevHash = hash;
    }
    await manager.insert(AuditEvent, rows);
    await manager.update(AuditChainHead, { organisationId }, { seq, hash: prevHash });
  }
}
