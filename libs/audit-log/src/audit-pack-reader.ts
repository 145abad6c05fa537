import { Between, EntityManager, LessThan } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import { GENESIS_HASH } from './hash-chain';

const PAGE = 1000;

/** An audit event as a pack's `audit-log.jsonl` carries it: every field the chain hash covers. */
export interface AuditPackRecord {
  id: string;
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
  prevHash: string;
  hash: string;
}

/**
 * The organisation's audit events that occurred in [from, to], in `seq` order, read page by page so a long
 * period never sits in memory; `start` is where the period's slice of the chain begins (the seq of its first
 * event and the hash before it), so the chain can be recomputed from the pack alone. The slice runs from the
 * period's first event to its last by `seq` without a gap: an event's time is taken before its chain head
 * is locked, so concurrent writers (or replicas whose clocks differ) can append out of time order, and an
 * event between two of the period's may carry a time just outside it.
 */
export async function readAuditEventsForPack(
  manager: EntityManager,
  organisationId: string,
  from: Date,
  to: Date,
): Promise<{ start: { seq: number; prevHash: string }; events: () => AsyncIterable<AuditPackRecord> }> {
  const repo = manager.getRepository(AuditEvent);
  const first = await repo.findOne({
    where: { organisationId, occurredAt: Between(from, to) },
    order: { seq: 'ASC' },
  });
  const before = first
    ? null
    : await repo.findOne({ where: { organisationId, occurredAt: LessThan(from) }, order: { seq: 'DESC' } });
  const start = first
    ? { seq: first.seq, prevHash: first.prevHash }
    : { seq: (before?.seq ?? 0) + 1, prevHash: before?.hash ?? GENESIS_HASH };
  const last = first
    ? await repo.findOne({
        select: { seq: true },
        where: { organisationId, occurredAt: Between(from, to) },
        order: { seq: 'DESC' },
      })
    : null;
  async function* events(): AsyncIterable<AuditPackRecord> {
    if (!last) return;
    let after = start.seq - 1;
    for (;;) {
      const page = await repo.find({
        where: { organisationId, seq: Between(after + 1, last.seq) },
        order: { seq: 'ASC' },
        take: PAGE,
      });
      for (const e of page) {
        yield {
          id: e.id,
          organisationId: e.organisationId,
          seq: e.seq,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          actorType: e.actorType,
          actorId: e.actorId,
          requestId: e.requestId,
          occurredAt: e.occurredAt.toISOString(),
          changes: e.changes,
          prevHash: e.prevHash,
          hash: e.hash,
        };
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1].seq;
    }
  }
  return { start, events };
}

/**
 * What audited fields held at `asOf`, for the entities whose audited changes after `asOf` touched them: per
 * entity id, each such field's `from` in the first change to it after `asOf` (by `seq`). A field missing
 * from an entity's record did not change after `asOf`, so its current value is the one of `asOf`. This
 * relies on every change of those fields being audited with its diff (`changeRow`, `diffFields`); values
 * are as the audit event holds them (JSON: dates are ISO strings).
 */
export async function readFieldsAsOf(
  manager: EntityManager,
  organisationId: string,
  entityType: string,
  entityIds: string[],
  fields: readonly string[],
  asOf: Date,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (entityIds.length === 0) return out;
  const events = await manager
    .getRepository(AuditEvent)
    .createQueryBuilder('e')
    .select(['e.entityId', 'e.changes'])
    .where('e.organisationId = :organisationId AND e.entityType = :entityType', {
      organisationId,
      entityType,
    })
    .andWhere('e.entityId = ANY(:entityIds) AND e.occurredAt > :asOf', { entityIds, asOf })
    .orderBy('e.seq', 'ASC')
    .getMany();
  for (const { entityId, changes } of events) {
    const values = out.get(entityId as string) ?? {};
    for (const field of fields) {
      const diff = changes[field] as { from?: unknown } | undefined;
      if (field in values || diff === null || typeof diff !== 'object' || !('from' in diff)) continue;
      values[field] = diff.from;
    }
    out.set(entityId as string, values);
  }
  return out;
}

/**
 * `rows` of one entity type as they were at `asOf`: each of `fields` with every change audited after
 * `asOf` rolled back (`readFieldsAsOf`); other fields as they are. Values come back as the audit recorded
 * them (JSON: dates as ISO strings). A row created after `asOf` had no state then and is returned as it
 * is (callers that must leave such rows out filter them by creation time).
 */
export async function rowsAsOf<T extends { id: string; createdAt: Date }>(
  manager: EntityManager,
  organisationId: string,
  entityType: string,
  rows: T[],
  fields: readonly (keyof T & string)[],
  asOf: Date,
): Promise<T[]> {
  const ids = rows.filter((r) => r.createdAt <= asOf).map((r) => r.id);
  const past = await readFieldsAsOf(manager, organisationId, entityType, ids, fields, asOf);
  return rows.map((row) => ({ ...row, ...past.get(row.id) }));
}
