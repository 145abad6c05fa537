import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { diffFields, rowsAsOf, UnitOfWork } from '@aims/audit-log';
import { CatalogService, Requirement, RequirementKind } from '@aims/catalog';
import { MembershipService } from '@aims/identity';
import { Actor, actorId, BadUserInput, Clock, Connection, keysetPage } from '@aims/platform';
import { ImplementationStatus } from '../coverage';
import { SetRequirementStatusInput } from './requirement-status.inputs';
import { RequirementStatus } from './requirement-status.entity';

const FIELDS = ['requirementUrn', 'status', 'justification', 'ownerId'] as const;

/** 42001 clauses and Annex A controls are stated per cycle, in the checklist and the SoA. */
export function statedInCycle(requirement: Pick<Requirement, 'urn' | 'kind'>): boolean {
  return (
    requirement.urn.startsWith('urn:aims:req:iso-iec-42001-2023:') &&
    (requirement.kind === RequirementKind.CLAUSE || requirement.kind === RequirementKind.CONTROL)
  );
}

/** Conformity statements for requirements of any framework outside the cycle checklist and SoA. */
@Injectable()
export class RequirementStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly catalog: CatalogService,
  ) {}

  async set(actor: Actor, input: SetRequirementStatusInput): Promise<RequirementStatus> {
    const urn = input.requirementUrn.trim();
    const [requirement] = await this.catalog.findRequirementsByUrns(actor.organisationId, [urn]);
    if (!requirement) throw BadUserInput.field('input.requirementUrn', 'no such requirement');
    if (!requirement.assessable) {
      throw BadUserInput.field('input.requirementUrn', 'is not assessable: nothing to conform to');
    }
    if (statedInCycle(requirement)) {
      throw BadUserInput.field(
        'input.requirementUrn',
        'ISO/IEC 42001 clauses and Annex A controls are stated in the cycle checklist and SoA',
      );
    }
    const ownerId = input.ownerId ?? actor.userId ?? null;
    if (ownerId) {
      await this.members.assertMembers(actor.organisationId, [{ field: 'input.ownerId', userId: ownerId }]);
    }
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(RequirementStatus);
      const existing = await repo
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.organisationId = :org AND s.requirementUrn = :urn', { org: actor.organisationId, urn })
        .getOne();
      const before = existing ? { ...existing } : null;
      const row =
        existing ?? repo.create({ organisationId: actor.organisationId, requirementUrn: requirement.urn });
      Object.assign(row, {
        status: input.status as string as ImplementationStatus,
        justification: input.justification,
        ownerId,
        statedByType: actor.type,
        statedById: actorId(actor),
        statedAt: this.clock.now(),
      });
      const changes = diffFields(before, row, FIELDS);
      if (before && Object.keys(changes).length === 0) return existing as RequirementStatus;
      const saved = await repo.save(row);
      work.audit({
        action: 'requirement_status.set',
        entityType: 'RequirementStatus',
        entityId: saved.id,
        changes,
      });
      return saved;
    });
  }

  list(actor: Actor, first: number, after?: string): Promise<Connection<RequirementStatus>> {
    const qb = this.dataSource
      .getRepository(RequirementStatus)
      .createQueryBuilder('s')
      .where('s.organisationId = :org', { org: actor.organisationId });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 's.createdAt', value: (s) => s.createdAt, direction: 'DESC' },
      idColumn: 's.id',
      id: (s) => s.id,
    });
  }

  /**
   * The statements on the given requirements, for coverage; with `asOf` (an evidence pack), as they stood
   * then: made by `asOf`, with later changes rolled back.
   */
  async forUrns(organisationId: string, urns: readonly string[], asOf?: Date): Promise<RequirementStatus[]> {
    if (urns.length === 0) return [];
    const rows = await this.dataSource.getRepository(RequirementStatus).findBy({
      organisationId,
      requirementUrn: In([...new Set(urns)]),
      ...(asOf ? { createdAt: LessThanOrEqual(asOf) } : {}),
    });
    if (!asOf) return rows;
    return rowsAsOf(this.dataSource.manager, organisationId, 'RequirementStatus', rows, ['status'], asOf);
  }
}
