import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Connection, keysetPage } from '@aims/platform';
import { AuditEvent } from './audit-event.entity';
import { AuditEventFilter } from './dto/audit-event.filter';
import { ChainVerdict, GENESIS_HASH, verifyChainSegment } from './hash-chain';

const VERIFY_PAGE = 1000;

@Injectable()
export class AuditLogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    actor: Actor,
    filter: AuditEventFilter = {},
    first: number,
    after?: string,
  ): Promise<Connection<AuditEvent>> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.organisationId = :org', { org: actor.organisationId });
    if (filter.entityType) qb.andWhere('e.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entityId = :entityId', { entityId: filter.entityId });
    if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.actorType) qb.andWhere('e.actorType = :actorType', { actorType: filter.actorType });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('e.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurredAt < :to', { to: filter.to });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'e.seq', value: (e) => e.seq, direction: 'DESC', kind: 'number' },
      idColumn: 'e.id',
      id: (e) => e.id,
    });
  }

  /** Recomputes the organisation's whole chain, page by page, and reports the first broken link. */
  async verify(organisationId: string): Promise<ChainVerdict> {
    let prev = GENESIS_HASH;
    let nextSeq = 1;
    let checked = 0;
    for (;;) {
      const page = await this.dataSource.getRepository(AuditEvent).find({
        where: { organisationId },
        order: { seq: 'ASC' },
        skip: checked,
        take: VERIFY_PAGE,
      });
      const segment = verifyChainSegment(
        page.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        prev,
        nextSeq,
      );
      if (segment.firstBrokenSeq !== null) {
        return {
          valid: false,
          checkedEvents: checked + (segment.nextSeq - nextSeq) + 1,
          firstBrokenSeq: segment.firstBrokenSeq,
        };
      }
      checked += page.length;
      prev = segment.lastHash;
      nextSeq = segment.nextSeq;
      if (page.length < VERIFY_PAGE) return { valid: true, checkedEvents: checked, firstBrokenSeq: null };
    }
  }
}
