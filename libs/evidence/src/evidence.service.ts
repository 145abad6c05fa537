import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { ChangeHook, diffFields, UnitOfWork, Work } from '@aims/audit-log';
import { CatalogService } from '@aims/catalog';
import { MembershipService } from '@aims/identity';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  FieldProblem,
  findTenantRow,
  Forbidden,
  keysetPage,
  lockTenantRow,
  NotFound,
  unique,
} from '@aims/platform';
import { RiskReader } from '@aims/risks';
import { CycleRecords } from './cycle-records';
import {
  AddEvidenceLinkVersionInput,
  CreateEvidenceInput,
  EvidenceFilter,
  EvidenceLinksInput,
  LinkEvidenceInput,
  ReviewEvidenceInput,
  SubmitEvidenceInput,
  UnlinkEvidenceInput,
  UpdateEvidenceInput,
} from './dto/evidence.inputs';
import {
  CYCLE_TARGET_TYPES,
  CycleTargetType,
  EvidenceKind,
  EvidenceLinkTargetType,
  EvidenceReviewDecision,
  EvidenceReviewState,
  EvidenceStatus,
} from './evidence.enums';
import { actionProblem, EvidenceAction } from './evidence-status';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';

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
const VALIDITY_FIELDS = ['collectedAt', 'validFrom', 'validUntil'] as const;

/** Dates that may change with a new version or an update; `undefined` leaves a date as it is. */
export interface ValidityChange {
  collectedAt?: Date | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** What a new version holds: a stored file or a URL. */
export interface VersionContent {
  sha256: string | null;
  sizeBytes: number | null;
  mediaType: string | null;
  originalName: string | null;
  url: string | null;
  uploadId: string | null;
}

export interface LinkTarget {
  targetType: EvidenceLinkTargetType;
  targetId: string;
}

export interface InForceLink extends LinkTarget {
  evidenceItemId: string;
}

const LINK_FIELDS: [keyof EvidenceLinksInput, EvidenceLinkTargetType][] = [
  ['requirementUrns', EvidenceLinkTargetType.REQUIREMENT],
  ['riskIds', EvidenceLinkTargetType.RISK],
  ['soaEntryIds', EvidenceLinkTargetType.SOA_ENTRY],
  ['checklistItemIds', EvidenceLinkTargetType.CHECKLIST_ITEM],
  ['auditFindingIds', EvidenceLinkTargetType.AUDIT_FINDING],
];

/** Evidence items, their versions, review and links (docs/domain-rules.md#evidence; 42001 7.5 documented information). */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly catalog: CatalogService,
    private readonly risks: RiskReader,
    private readonly cycles: CycleRecords,
    private readonly changes: ChangeHook,
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
    return findTenantRow(this.dataSource.manager, EvidenceItem, 'EvidenceItem', actor.organisationId, id);
  }

  async create(actor: Actor, input: CreateEvidenceInput): Promise<EvidenceItem> {
    const problems: FieldProblem[] = [...this.validityProblems(input, null)];
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
      const targets = await this.validateLinks(work.manager, actor, input.links ?? {}, 'input.links');
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
      await this.insertLinks(work.manager, item, targets);
      work.audit({
        action: 'evidence.created',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { ...diffFields(null, item, DESCRIBED_FIELDS), links: { from: null, to: targets } },
      });
      if (input.url) {
        await this.addVersion(work, item, {
          sha256: input.sha256 ?? null,
          sizeBytes: null,
          mediaType: null,
          originalName: null,
          url: input.url,
          uploadId: null,
        });
      }
      return item;
    });
  }

  async update(actor: Actor, input: UpdateEvidenceInput): Promise<EvidenceItem> {
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      const touchesValidity = VALIDITY_FIELDS.some((f) => input[f] !== undefined);
      const problems = this.validityProblems(input, item);
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
      const before = { ...item };
      if (input.title !== undefined) item.title = input.title;
      if (input.description !== undefined) item.description = input.description ?? null;
      if (input.ownerId !== undefined) item.ownerId = input.ownerId ?? null;
      if (input.collectionFrequencyDays !== undefined)
        item.collectionFrequencyDays = input.collectionFrequencyDays ?? null;
      this.applyValidity(item, input);
      const changes = diffFields(before, item, DESCRIBED_FIELDS);
      if (Object.keys(changes).length === 0) return item;
      await work.manager.getRepository(EvidenceItem).save(item);
      work.audit({ action: 'evidence.updated', entityType: 'EvidenceItem', entityId: item.id, changes });
      return item;
    });
  }

  /** A new URL version of LINK evidence (its hash is recorded as the client computed it; AIMS fetches nothing). */
  async addLinkVersion(
    actor: Actor,
    input: AddEvidenceLinkVersionInput,
  ): Promise<{ item: EvidenceItem; version: EvidenceVersion }> {
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      if (item.kind !== EvidenceKind.LINK) {
        throw BadUserInput.field(
          'input.evidenceItemId',
          'is not LINK evidence: upload files with createEvidenceUpload',
        );
      }
      const version = await this.addVersion(
        work,
        item,
        {
          sha256: input.sha256 ?? null,
          sizeBytes: null,
          mediaType: null,
          originalName: null,
          url: input.url,
          uploadId: null,
        },
        input,
      );
      return { item, version };
    });
  }

  /**
   * Records a new version inside the caller's unit of work and puts the evidence back to DRAFT: a new version
   * must be reviewed before it counts. Validity dates given with the version replace the item's.
   */
  async addVersion(
    work: Work,
    item: EvidenceItem,
    content: VersionContent,
    validity: ValidityChange = {},
  ): Promise<EvidenceVersion> {
    const problem = actionProblem(EvidenceAction.ADD_VERSION, item.state, {
      hasVersion: item.versionCount > 0,
    });
    if (problem) throw new Conflict(`Cannot add a version to evidence ${item.id}: ${problem}`);
    const problems = this.validityProblems(validity, item);
    if (problems.length > 0) throw new BadUserInput(problems);
    const before = { ...item };
    const repo = work.manager.getRepository(EvidenceVersion);
    const version = await repo.save(
      repo.create({
        organisationId: item.organisationId,
        evidenceItemId: item.id,
        number: item.versionCount + 1,
        ...content,
        uploadedByType: work.actor.type,
        uploadedById: actorId(work.actor),
        uploadedAt: this.clock.now(),
      }),
    );
    item.versionCount = version.number;
    item.currentVersionId = version.id;
    item.state = EvidenceReviewState.DRAFT;
    this.applyValidity(item, validity);
    await work.manager.getRepository(EvidenceItem).save(item);
    work.audit({
      action: 'evidence.version_added',
      entityType: 'EvidenceItem',
      entityId: item.id,
      changes: {
        ...diffFields(before, item, ['state', ...VALIDITY_FIELDS]),
        version: {
          id: version.id,
          number: version.number,
          sha256: version.sha256,
          sizeBytes: version.sizeBytes,
          mediaType: version.mediaType,
          originalName: version.originalName,
          url: version.url,
        },
      },
    });
    return version;
  }

  /** Puts the latest version up for review. */
  async submit(actor: Actor, input: SubmitEvidenceInput): Promise<EvidenceItem> {
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      const problem = actionProblem(EvidenceAction.SUBMIT, item.state, {
        hasVersion: item.currentVersionId !== null,
      });
      if (problem) throw new Conflict(`Cannot submit evidence ${item.id}: ${problem}`);
      const before = { ...item };
      item.state = EvidenceReviewState.SUBMITTED;
      item.submittedVersionId = item.currentVersionId;
      item.submittedAt = this.clock.now();
      await work.manager.getRepository(EvidenceItem).save(item);
      work.audit({
        action: 'evidence.submitted',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { ...diffFields(before, item, ['state', 'submittedVersionId']) },
      });
      work.emit('evidence.submitted', {
        evidenceItemId: item.id,
        title: item.title,
        kind: item.kind,
        versionId: item.submittedVersionId,
      });
      return item;
    });
  }

  /**
   * Accepts or rejects the submitted version. The reviewer must not be the version's uploader (four eyes,
   * 42001 7.5.3 control of documented information); a rejection says why.
   */
  async review(
    actor: Actor,
    input: ReviewEvidenceInput,
  ): Promise<{ item: EvidenceItem; review: EvidenceReview }> {
    const accept = input.decision === EvidenceReviewDecision.ACCEPT;
    if (!accept && !input.comment) throw BadUserInput.field('input.comment', 'is required when rejecting');
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      const problem = actionProblem(EvidenceAction.REVIEW, item.state, { hasVersion: true });
      if (problem) throw new Conflict(`Cannot review evidence ${item.id}: ${problem}`);
      if (input.versionId && input.versionId !== item.submittedVersionId) {
        throw new Conflict(`Version ${input.versionId} is not the version under review`);
      }
      const version = await work.manager
        .getRepository(EvidenceVersion)
        .findOneByOrFail({ id: item.submittedVersionId as string, organisationId: actor.organisationId });
      if (version.uploadedById !== null && version.uploadedById === actorId(actor)) {
        throw new Forbidden('The uploader of a version cannot review it; another reviewer must');
      }
      const now = this.clock.now();
      const repo = work.manager.getRepository(EvidenceReview);
      const review = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          evidenceItemId: item.id,
          versionId: version.id,
          decision: input.decision,
          comment: input.comment ?? null,
          reviewerType: actor.type,
          reviewerId: actorId(actor),
          reviewedAt: now,
          validFrom: item.validFrom,
          validUntil: item.validUntil,
        }),
      );
      const before = { ...item };
      item.state = accept ? EvidenceReviewState.ACCEPTED : EvidenceReviewState.REJECTED;
      if (accept) {
        item.acceptedVersionId = version.id;
        item.acceptedAt = now;
      }
      await work.manager.getRepository(EvidenceItem).save(item);
      const type = accept ? 'evidence.accepted' : 'evidence.rejected';
      work.audit({
        action: type,
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: {
          ...diffFields(before, item, ['state', 'acceptedVersionId']),
          reviewId: review.id,
          versionId: version.id,
          comment: review.comment,
        },
      });
      work.emit(type, {
        evidenceItemId: item.id,
        title: item.title,
        versionId: version.id,
        sha256: version.sha256,
        reviewId: review.id,
        comment: review.comment,
        validUntil: item.validUntil,
      });
      if (accept) await this.changes.publish(work, 'evidence.accepted', [item.id]);
      return { item, review };
    });
  }

  async link(actor: Actor, input: LinkEvidenceInput): Promise<{ item: EvidenceItem; added: number }> {
    this.assertSomeLink(input);
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      const targets = await this.validateLinks(work.manager, actor, input, 'input');
      const added = await this.insertLinks(work.manager, item, targets);
      if (added.length > 0) {
        work.audit({
          action: 'evidence.linked',
          entityType: 'EvidenceItem',
          entityId: item.id,
          changes: { added },
        });
      }
      return { item, added: added.length };
    });
  }

  async unlink(actor: Actor, input: UnlinkEvidenceInput): Promise<{ item: EvidenceItem; removed: number }> {
    this.assertSomeLink(input);
    return this.uow.run(actor, async (work) => {
      const item = await lockTenantRow(
        work.manager,
        EvidenceItem,
        'EvidenceItem',
        actor.organisationId,
        input.evidenceItemId,
      );
      const wanted = new Set(this.targetsOf(input).map((t) => `${t.targetType}:${t.targetId}`));
      const existing = await work.manager
        .getRepository(EvidenceLink)
        .findBy({ organisationId: actor.organisationId, evidenceItemId: item.id });
      const removed = existing.filter((l) => wanted.has(`${l.targetType}:${l.targetId}`));
      if (removed.length === 0) return { item, removed: 0 };
      await work.manager.getRepository(EvidenceLink).delete({ id: In(removed.map((l) => l.id)) });
      work.audit({
        action: 'evidence.unlinked',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { removed: removed.map(({ targetType, targetId }) => ({ targetType, targetId })) },
      });
      return { item, removed: removed.length };
    });
  }

  /** Versions of one item, newest first. */
  async versions(
    actor: Actor,
    evidenceItemId: string,
    first: number,
    after?: string,
  ): Promise<Connection<EvidenceVersion>> {
    await this.get(actor, evidenceItemId);
    const qb = this.dataSource
      .getRepository(EvidenceVersion)
      .createQueryBuilder('v')
      .where('v.organisationId = :org AND v.evidenceItemId = :evidenceItemId', {
        org: actor.organisationId,
        evidenceItemId,
      });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'v.number', value: (v) => v.number, direction: 'DESC', kind: 'number' },
      idColumn: 'v.id',
      id: (v) => v.id,
    });
  }

  async version(actor: Actor, evidenceItemId: string, versionId: string): Promise<EvidenceVersion> {
    const version = await this.dataSource
      .getRepository(EvidenceVersion)
      .findOneBy({ id: versionId, evidenceItemId, organisationId: actor.organisationId });
    if (!version) throw new NotFound('EvidenceVersion', versionId);
    return version;
  }

  /** Batch reads for per-request loaders: one statement each whatever the page size. */
  versionsByIds(organisationId: string, ids: readonly string[]): Promise<EvidenceVersion[]> {
    return this.dataSource.getRepository(EvidenceVersion).findBy({ organisationId, id: In([...ids]) });
  }

  versionsOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceVersion[]> {
    return this.dataSource.getRepository(EvidenceVersion).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { number: 'DESC' },
    });
  }

  reviewsOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceReview[]> {
    return this.dataSource.getRepository(EvidenceReview).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { reviewedAt: 'DESC', createdAt: 'DESC', id: 'DESC' },
    });
  }

  linksOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceLink[]> {
    return this.dataSource.getRepository(EvidenceLink).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { createdAt: 'ASC', targetType: 'ASC', targetId: 'ASC' },
    });
  }

  requirements(organisationId: string, urns: readonly string[]) {
    return this.catalog.findRequirementsByUrns(organisationId, urns, { includeRetired: true });
  }

  risksByIds(organisationId: string, ids: readonly string[]) {
    return this.risks.findByIds(organisationId, ids);
  }

  /**
   * Accepted evidence in force at `now` (the latest accepted version, in its accepted window) linked to any of the requirement URNs or cycle entities (checklist
   * items, SoA entries) given: the evidence coverage counts. One statement.
   */
  async inForceLinks(
    organisationId: string,
    requirementUrns: readonly string[],
    cycleEntityIds: readonly string[],
    now: Date,
  ): Promise<InForceLink[]> {
    if (requirementUrns.length === 0 && cycleEntityIds.length === 0) return [];
    return (
      this.dataSource
        .getRepository(EvidenceLink)
        .createQueryBuilder('l')
        .innerJoin(EvidenceItem, 'i', 'i.id = l.evidenceItemId AND i.organisationId = l.organisationId')
        // The latest accepted version counts, in the validity window it was accepted with, until a newer
        // version is accepted: a new draft, or a rejected one, does not take it out of coverage.
        .innerJoin(
          EvidenceReview,
          'r',
          "r.evidenceItemId = i.id AND r.organisationId = i.organisationId AND r.versionId = i.acceptedVersionId AND r.decision = 'ACCEPT'",
        )
        .select([
          'l.targetType AS "targetType"',
          'l.targetId AS "targetId"',
          'l.evidenceItemId AS "evidenceItemId"',
        ])
        .where('l.organisationId = :org', { org: organisationId })
        .andWhere('(r.validUntil IS NULL OR r.validUntil >= :now)', { now })
        .andWhere('(r.validFrom IS NULL OR r.validFrom <= :now)')
        .andWhere(
          new Brackets((w) => {
            w.where('1 = 0');
            if (requirementUrns.length) {
              w.orWhere("(l.targetType = 'REQUIREMENT' AND l.targetId IN (:...urns))", {
                urns: unique(requirementUrns),
              });
            }
            if (cycleEntityIds.length) {
              w.orWhere(
                "(l.targetType IN ('CHECKLIST_ITEM', 'SOA_ENTRY') AND l.targetId IN (:...entityIds))",
                {
                  entityIds: unique(cycleEntityIds),
                },
              );
            }
          }),
        )
        .getRawMany()
    );
  }

  private assertSomeLink(input: EvidenceLinksInput): void {
    if (this.targetsOf(input).length === 0) {
      throw BadUserInput.field(
        'input',
        'name at least one requirement URN, risk, SoA entry, checklist item or audit finding',
      );
    }
  }

  private targetsOf(input: EvidenceLinksInput): LinkTarget[] {
    return LINK_FIELDS.flatMap(([field, targetType]) =>
      unique(input[field] ?? []).map((targetId) => ({ targetType, targetId })),
    );
  }

  /**
   * The link targets named by `input`, once each, after checking them: unknown or non-assessable requirement
   * URNs are BAD_USER_INPUT; a risk or cycle record that is missing or another organisation's is NOT_FOUND.
   */
  private async validateLinks(
    manager: EntityManager,
    actor: Actor,
    input: EvidenceLinksInput,
    prefix: string,
  ): Promise<LinkTarget[]> {
    const targets = this.targetsOf(input);
    const ids = (type: EvidenceLinkTargetType) =>
      targets.filter((t) => t.targetType === type).map((t) => t.targetId);
    const urns = ids(EvidenceLinkTargetType.REQUIREMENT);
    if (urns.length > 0) {
      const found = new Map(
        (await this.catalog.findRequirementsByUrns(actor.organisationId, urns)).map((r) => [r.urn, r]),
      );
      const unknown = urns.filter((u) => !found.has(u));
      const notAssessable = urns.filter((u) => found.get(u)?.assessable === false);
      const problems: string[] = [];
      if (unknown.length) problems.push(`unknown requirement(s): ${unknown.join(', ')}`);
      if (notAssessable.length)
        problems.push(`not assessable, evidence cannot attach: ${notAssessable.join(', ')}`);
      if (problems.length) throw BadUserInput.field(`${prefix}.requirementUrns`, problems.join('; '));
    }
    const riskIds = ids(EvidenceLinkTargetType.RISK);
    if (riskIds.length > 0) {
      const known = new Set(
        (await this.risks.findByIds(actor.organisationId, riskIds, manager)).map((r) => r.id),
      );
      const missing = riskIds.find((id) => !known.has(id));
      if (missing) throw new NotFound('Risk', missing);
    }
    const cycleTargets = targets
      .filter((t) => (CYCLE_TARGET_TYPES as readonly string[]).includes(t.targetType))
      .map((t) => ({ type: t.targetType as CycleTargetType, id: t.targetId }));
    if (cycleTargets.length > 0) await this.cycles.assertLinkTargets(actor.organisationId, cycleTargets);
    return targets;
  }

  /** Inserts the links not there yet; returns those inserted. */
  private async insertLinks(
    manager: EntityManager,
    item: EvidenceItem,
    targets: LinkTarget[],
  ): Promise<LinkTarget[]> {
    if (targets.length === 0) return [];
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(EvidenceLink)
      .values(targets.map((t) => ({ organisationId: item.organisationId, evidenceItemId: item.id, ...t })))
      .orIgnore()
      .returning(['targetType', 'targetId'])
      .execute();
    return (result.raw as { target_type: EvidenceLinkTargetType; target_id: string }[]).map((r) => ({
      targetType: r.target_type,
      targetId: r.target_id,
    }));
  }

  /** Problems with validity dates as they would be after `change` (named as input fields). */
  validityProblems(change: ValidityChange, item: EvidenceItem | null): FieldProblem[] {
    const pick = (field: keyof ValidityChange) =>
      change[field] !== undefined ? (change[field] ?? null) : (item?.[field] ?? null);
    const from = pick('validFrom');
    const until = pick('validUntil');
    const collected = pick('collectedAt');
    const problems: FieldProblem[] = [];
    if (from && until && until < from)
      problems.push({ field: 'input.validUntil', message: 'must not be before validFrom' });
    if (change.collectedAt && collected && collected > this.clock.now()) {
      problems.push({ field: 'input.collectedAt', message: 'must not be in the future' });
    }
    return problems;
  }

  private applyValidity(item: EvidenceItem, change: ValidityChange): void {
    for (const field of VALIDITY_FIELDS) if (change[field] !== undefined) item[field] = change[field] ?? null;
  }
}
