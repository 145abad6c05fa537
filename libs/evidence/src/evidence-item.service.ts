import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { MembershipService } from '@aims/identity';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  FieldProblem,
  keysetPage,
  unique,
} from '@aims/platform';
import { CycleRecords } from './cycle-records';
import { CreateEvidenceInput, EvidenceFilter, UpdateEvidenceInput } from './dto/evidence.inputs';
import { EvidenceKind, EvidenceLinkTargetType, EvidenceReviewState, EvidenceStatus } from './evidence.enums';
import { actionProblem, EvidenceAction } from './evidence-status';
import { EvidenceItem } from './evidence-item.entity';
import { findItem, lockItem } from './evidence-rows';
import { EvidenceLinkService } from './evidence-link.service';
import { applyValidity, VALIDITY_FIELDS, validityProblems } from './evidence-validity';
import { EvidenceVersionService, urlVersion } from './evidence-version.service';

const DESCRIBED_FIELDS = [
  'title',
  'description',
  'kind',
  'ownerId',
  'collectedAt',
  'validFrom',
  'validUntil',
  'collectionFrequencyDays',
  'state',
] as const;

/** Evidence items: the register and what describes each item (docs/domain-rules.md#evidence; 42001 7.5). */
@Injectable()
export class EvidenceItemService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly cycles: CycleRecords,
    private readonly links: EvidenceLinkService,
    private readonly versions: EvidenceVersionService,
  ) {}

  async list(
    actor: Actor,
    filter: EvidenceFilter,
    first: number,
    after?: string,
  ): Promise<Connection<EvidenceItem>> {
    const org = actor.organisationId;
    const qb = this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('i')
      .where('i.organisationId = :org', { org });
    if (filter.status?.length) {
      // The same rule as effectiveStatus(): EXPIRED strictly after validUntil, whatever the review state.
      const states = filter.status.filter((st) => st !== EvidenceStatus.EXPIRED);
      const conditions: string[] = [];
      if (states.length)
        conditions.push('(i.state IN (:...states) AND (i.validUntil IS NULL OR i.validUntil >= :now))');
      if (filter.status.includes(EvidenceStatus.EXPIRED)) conditions.push('(i.validUntil < :now)');
      qb.andWhere(`(${conditions.join(' OR ')})`, { states, now: this.clock.now() });
    }
    if (filter.kind?.length) qb.andWhere('i.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter.ownerId) qb.andWhere('i.ownerId = :owner', { owner: filter.ownerId });
    if (filter.expiringBefore) {
      qb.andWhere('i.validUntil IS NOT NULL AND i.validUntil <= :expiringBefore', {
        expiringBefore: filter.expiringBefore,
      });
    }
    if (filter.requirementUrn)
      this.linkedTo(qb, 'byUrn', [EvidenceLinkTargetType.REQUIREMENT], [filter.requirementUrn]);
    if (filter.riskId) this.linkedTo(qb, 'byRisk', [EvidenceLinkTargetType.RISK], [filter.riskId]);
    if (filter.cycleId) {
      const statuses = await this.cycles.requirementStatuses(org, filter.cycleId);
      this.linkedTo(
        qb,
        'byCycle',
        [EvidenceLinkTargetType.CHECKLIST_ITEM, EvidenceLinkTargetType.SOA_ENTRY],
        statuses.map((s) => s.entityId),
      );
    }
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'i.createdAt', value: (i) => i.createdAt, direction: 'DESC' },
      idColumn: 'i.id',
      id: (i) => i.id,
    });
  }

  /** Items with a link of one of `types` to one of `ids`; `key` keeps the parameters of each use apart. */
  private linkedTo(
    qb: SelectQueryBuilder<EvidenceItem>,
    key: string,
    types: EvidenceLinkTargetType[],
    ids: string[],
  ): void {
    if (ids.length === 0) {
      qb.andWhere('1 = 0');
      return;
    }
    qb.andWhere(
      `EXISTS (SELECT 1 FROM evidence_link ${key} WHERE ${key}.evidence_item_id = i.id
         AND ${key}.organisation_id = :org AND ${key}.target_type IN (:...${key}Types)
         AND ${key}.target_id IN (:...${key}Ids))`,
      { [`${key}Types`]: types, [`${key}Ids`]: unique(ids) },
    );
  }

  async get(actor: Actor, id: string): Promise<EvidenceItem> {
    return findItem(this.dataSource.manager, actor.organisationId, id);
  }

  async create(actor: Actor, input: CreateEvidenceInput): Promise<EvidenceItem> {
    const problems: FieldProblem[] = [...validityProblems(input, null, this.clock.now())];
    if (input.kind === EvidenceKind.LINK && !input.url) {
      problems.push({ field: 'input.url', message: 'is required for LINK evidence' });
    }
    if (input.kind !== EvidenceKind.LINK) {
      for (const field of ['url', 'sha256'] as const) {
        if (input[field]) {
          problems.push({
            field: `input.${field}`,
            message: 'only LINK evidence has a URL; upload files with createEvidenceUpload',
          });
        }
      }
    }
    if (problems.length > 0) throw new BadUserInput(problems);
    const ownerId = input.ownerId ?? actor.userId ?? null;
    if (ownerId)
      await this.members.assertMembers(actor.organisationId, [{ field: 'input.ownerId', userId: ownerId }]);
    return this.uow.run(actor, async (work) => {
      const targets = await this.links.validate(work.manager, actor, input.links ?? {}, 'input.links');
      const repo = work.manager.getRepository(EvidenceItem);
      const item = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          title: input.title,
          description: input.description ?? null,
          kind: input.kind,
          ownerId,
          state: EvidenceReviewState.DRAFT,
          collectedAt: input.collectedAt ?? null,
          validFrom: input.validFrom ?? null,
          validUntil: input.validUntil ?? null,
          collectionFrequencyDays: input.collectionFrequencyDays ?? null,
          versionCount: 0,
          createdByType: actor.type,
          createdById: actorId(actor),
        }),
      );
      await this.links.insert(work.manager, item, targets);
      work.audit({
        action: 'evidence.created',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { ...diffFields(null, item, DESCRIBED_FIELDS), links: { from: null, to: targets } },
      });
      if (input.url) await this.versions.addVersion(work, item, urlVersion(input.url, input.sha256));
      return item;
    });
  }

  async update(actor: Actor, input: UpdateEvidenceInput): Promise<EvidenceItem> {
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      const touchesValidity = VALIDITY_FIELDS.some((f) => input[f] !== undefined);
      const problems = validityProblems(input, item, this.clock.now());
      if (touchesValidity) {
        const problem = actionProblem(EvidenceAction.EDIT_VALIDITY, item.state, {
          hasVersion: item.versionCount > 0,
        });
        if (problem) throw new Conflict(`Cannot change the validity of evidence ${item.id}: ${problem}`);
      }
      if (problems.length > 0) throw new BadUserInput(problems);
      if (input.ownerId) {
        await this.members.assertMembers(actor.organisationId, [
          { field: 'input.ownerId', userId: input.ownerId },
        ]);
      }
      const change = {
        entity: EvidenceItem,
        entityType: 'EvidenceItem',
        action: 'evidence.updated',
        fields: DESCRIBED_FIELDS,
      };
      await changeRow(work, item, change, (row) => {
        if (input.title !== undefined) row.title = input.title;
        if (input.description !== undefined) row.description = input.description ?? null;
        if (input.ownerId !== undefined) row.ownerId = input.ownerId ?? null;
        if (input.collectionFrequencyDays !== undefined)
          row.collectionFrequencyDays = input.collectionFrequencyDays ?? null;
        applyValidity(row, input);
      });
      return item;
    });
  }
}
