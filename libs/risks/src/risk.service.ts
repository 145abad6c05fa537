import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AISystemService } from '@aims/ai-systems';
import { ChangeHook, diffFields, UnitOfWork, Work } from '@aims/audit-log';
import { CatalogService, RefRule, refProblem, RequirementRow } from '@aims/catalog';
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
  likePattern,
  lockTenantRow,
  NotFound,
  unique,
} from '@aims/platform';
import {
  AcceptRiskInput,
  AssessRiskInput,
  CloseRiskInput,
  CreateRiskInput,
  RiskFilter,
  ScoreInput,
  SetRiskTreatmentInput,
  UpdateRiskInput,
} from './dto/risk.inputs';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskAssessment } from './risk-assessment.entity';
import { EffectiveRiskCriteria, RiskCriteriaService } from './risk-criteria.service';
import { isAboveAppetite } from './risk-level';
import { currentLevel, rescoreRisk } from './risk-scoring';
import { DIRECTLY_SETTABLE, REOPENED_STATUS, RiskStatus, transitionProblem } from './risk-status';
import { TreatmentActionStatus } from './risk.enums';
import { Risk } from './risk.entity';

const DESCRIBED_FIELDS = [
  'title',
  'description',
  'lifecycleStage',
  'ownerId',
  'riskSourceUrns',
  'tc260NodeUrns',
  'trustworthinessCharacteristicUrns',
  'status',
] as const;

const SCORE_FIELDS = [
  'inherentLikelihood',
  'inherentConsequence',
  'inherentLevel',
  'residualLikelihood',
  'residualConsequence',
  'residualLevel',
  'status',
  'nextReviewAt',
] as const;

type Links = Pick<
  CreateRiskInput,
  'riskSourceUrns' | 'tc260NodeUrns' | 'trustworthinessCharacteristicUrns'
> & {
  controlUrns?: string[];
};

const LINK_RULES: [keyof Links, RefRule][] = [
  ['riskSourceUrns', RefRule.RISK_SOURCE],
  ['tc260NodeUrns', RefRule.TC260_NODE],
  ['trustworthinessCharacteristicUrns', RefRule.CHARACTERISTIC],
  ['controlUrns', RefRule.CONTROL],
];

/** Where an open risk stands, as other domains (PDCA cycles) need it. */
export interface RiskPosition {
  id: string;
  title: string;
  status: RiskStatus;
  /** Its current level (residual, else inherent) is above the organisation's appetite. */
  aboveAppetite: boolean;
  aiSystemIds: string[];
  acceptedUntil: Date | null;
}

/** The risk register (ISO/IEC 23894 clause 6; 42001 6.1.2, 6.1.3, 8.2, 8.3). */
@Injectable()
export class RiskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly systems: AISystemService,
    private readonly criteria: RiskCriteriaService,
    private readonly catalog: CatalogService,
    private readonly changes: ChangeHook,
  ) {}

  async list(actor: Actor, filter: RiskFilter, first: number, after?: string): Promise<Connection<Risk>> {
    const qb = this.dataSource
      .getRepository(Risk)
      .createQueryBuilder('r')
      .where('r.organisationId = :org', { org: actor.organisationId });
    if (filter.aiSystemId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM risk_ai_system l WHERE l.risk_id = r.id AND l.organisation_id = :org AND l.ai_system_id = :system)',
        { system: filter.aiSystemId },
      );
    }
    if (filter.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.status });
    if (filter.inherentLevel !== undefined && filter.inherentLevel !== null) {
      qb.andWhere('r.inherentLevel = :inherentLevel', { inherentLevel: filter.inherentLevel });
    }
    if (filter.residualLevel !== undefined && filter.residualLevel !== null) {
      qb.andWhere('r.residualLevel = :residualLevel', { residualLevel: filter.residualLevel });
    }
    if (filter.ownerId) qb.andWhere('r.ownerId = :owner', { owner: filter.ownerId });
    if (filter.reviewOverdue !== undefined && filter.reviewOverdue !== null) {
      qb.andWhere(
        filter.reviewOverdue
          ? "(r.nextReviewAt <= :now AND r.status <> 'CLOSED')"
          : "(r.nextReviewAt IS NULL OR r.nextReviewAt > :now OR r.status = 'CLOSED')",
        { now: this.clock.now() },
      );
    }
    if (filter.tc260NodeUrn) qb.andWhere(':node = ANY(r.tc260NodeUrns)', { node: filter.tc260NodeUrn });
    if (filter.aboveAppetite !== undefined && filter.aboveAppetite !== null) {
      const { appetiteLevel } = await this.criteria.effective(actor.organisationId);
      qb.andWhere(
        `COALESCE(r.residualLevel, r.inherentLevel) ${filter.aboveAppetite ? '>' : '<='} :appetite`,
        { appetite: appetiteLevel },
      );
    }
    if (filter.text) {
      qb.andWhere('(r.title ILIKE :text OR r.description ILIKE :text)', { text: likePattern(filter.text) });
    }
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'r.createdAt', value: (r) => r.createdAt, direction: 'DESC' },
      idColumn: 'r.id',
      id: (r) => r.id,
    });
  }

  async get(actor: Actor, id: string): Promise<Risk> {
    return findTenantRow(this.dataSource.manager, Risk, 'Risk', actor.organisationId, id);
  }

  /** The organisation's risks among `ids` (missing and foreign ids are simply absent): for other domains' links. */
  findByIds(
    organisationId: string,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Risk[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(Risk).findBy({ organisationId, id: In([...new Set(ids)]) });
  }

  /** Identifies a risk (23894 6.4.2). */
  async create(actor: Actor, input: CreateRiskInput): Promise<Risk> {
    const ownerId = input.ownerId ?? actor.userId ?? null;
    return this.uow.run(actor, async (work) => {
      await this.validateReferences(work.manager, actor, input, [
        ownerId ? { field: 'input.ownerId', userId: ownerId } : null,
      ]);
      const repo = work.manager.getRepository(Risk);
      const risk = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          title: input.title,
          description: input.description ?? null,
          status: RiskStatus.IDENTIFIED,
          lifecycleStage: input.lifecycleStage ?? null,
          ownerId,
          riskSourceUrns: unique(input.riskSourceUrns ?? []),
          tc260NodeUrns: unique(input.tc260NodeUrns ?? []),
          trustworthinessCharacteristicUrns: unique(input.trustworthinessCharacteristicUrns ?? []),
          controlUrns: [],
          treatmentActions: [],
        }),
      );
      const aiSystemIds = unique(input.aiSystemIds ?? []);
      await this.replaceSystemLinks(work.manager, risk, aiSystemIds);
      work.audit({
        action: 'risk.created',
        entityType: 'Risk',
        entityId: risk.id,
        changes: {
          ...diffFields(null, risk, DESCRIBED_FIELDS),
          aiSystemIds: { from: null, to: aiSystemIds },
        },
      });
      work.emit('risk.created', { riskId: risk.id, title: risk.title, status: risk.status, aiSystemIds });
      return risk;
    });
  }

  /** Changes what a risk is about, and moves it through the process where no other operation does. */
  async update(actor: Actor, input: UpdateRiskInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.id);
      if (risk.status === RiskStatus.CLOSED) throw new Conflict(`Risk ${risk.id} is closed`);
      // Otherwise an owner could hand the risk on and then accept it themselves (SPEC §7).
      if (input.ownerId !== undefined && input.ownerId !== risk.ownerId && risk.ownerId === actorId(actor)) {
        throw new Forbidden('A risk owner cannot reassign their own risk; another member must');
      }
      const owner = input.ownerId ? { field: 'input.ownerId', userId: input.ownerId } : null;
      const statusProblem = input.status !== undefined ? this.statusProblem(risk, input.status) : null;
      await this.validateReferences(
        work.manager,
        actor,
        input,
        [owner],
        statusProblem ? [statusProblem] : [],
      );

      const before = { ...risk };
      const currentSystems = await this.systemIdsOf(work.manager, risk);
      if (input.title !== undefined) risk.title = input.title;
      if (input.description !== undefined) risk.description = input.description ?? null;
      if (input.lifecycleStage !== undefined) risk.lifecycleStage = input.lifecycleStage ?? null;
      if (input.ownerId !== undefined) risk.ownerId = input.ownerId ?? null;
      if (input.riskSourceUrns) risk.riskSourceUrns = unique(input.riskSourceUrns);
      if (input.tc260NodeUrns) risk.tc260NodeUrns = unique(input.tc260NodeUrns);
      if (input.trustworthinessCharacteristicUrns) {
        risk.trustworthinessCharacteristicUrns = unique(input.trustworthinessCharacteristicUrns);
      }
      if (input.status !== undefined) risk.status = input.status;

      const changes: Record<string, unknown> = diffFields(before, risk, DESCRIBED_FIELDS);
      if (input.aiSystemIds) {
        const next = unique(input.aiSystemIds);
        const diff = diffFields({ ids: [...currentSystems].sort() }, { ids: [...next].sort() }, ['ids']);
        if (diff.ids) {
          await this.replaceSystemLinks(work.manager, risk, next);
          changes.aiSystemIds = diff.ids;
        }
      }
      if (Object.keys(changes).length === 0) return risk;
      await work.manager.getRepository(Risk).save(risk);
      work.audit({ action: 'risk.updated', entityType: 'Risk', entityId: risk.id, changes });
      work.emit('risk.updated', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        changedFields: Object.keys(changes),
      });
      return risk;
    });
  }

  /**
   * Analyses a risk (23894 6.4.3): inherent and/or residual likelihood × consequence. The server computes
   * the levels and the next review, keeps an immutable snapshot, and moves an IDENTIFIED risk to ANALYSED.
   */
  async assess(actor: Actor, input: AssessRiskInput): Promise<{ risk: Risk; assessment: RiskAssessment }> {
    if (!input.inherent && !input.residual) {
      throw BadUserInput.field('input.inherent', 'give an inherent or a residual score, or both');
    }
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.status === RiskStatus.CLOSED) throw new Conflict(`Risk ${risk.id} is closed`);
      const criteria = await this.criteria.effective(actor.organisationId, work.manager);
      const problems = [
        ...this.scoreProblems(criteria, input.inherent, 'input.inherent'),
        ...this.scoreProblems(criteria, input.residual, 'input.residual'),
      ];
      if (input.residual && !input.inherent && risk.inherentLikelihood === null) {
        problems.push({ field: 'input.residual', message: 'assess the inherent risk first' });
      }
      if (problems.length > 0) throw new BadUserInput(problems);

      const before = { ...risk };
      const now = this.clock.now();
      if (input.inherent) {
        risk.inherentLikelihood = input.inherent.likelihood;
        risk.inherentConsequence = input.inherent.consequence;
      }
      if (input.residual) {
        risk.residualLikelihood = input.residual.likelihood;
        risk.residualConsequence = input.residual.consequence;
      }
      risk.lastAssessedAt = now;
      risk.reviewRequestedAt = null;
      if (risk.status === RiskStatus.IDENTIFIED) risk.status = RiskStatus.ANALYSED;
      rescoreRisk(risk, criteria);
      await work.manager.getRepository(Risk).save(risk);

      const previous = await work.manager
        .getRepository(RiskAssessment)
        .findOne({ where: { riskId: risk.id }, order: { sequence: 'DESC' } });
      const label = (level: number | null) => (level === null ? null : criteria.levels[level].label);
      const assessment = await work.manager.getRepository(RiskAssessment).save(
        work.manager.getRepository(RiskAssessment).create({
          organisationId: actor.organisationId,
          riskId: risk.id,
          sequence: (previous?.sequence ?? 0) + 1,
          assessedAt: now,
          assessedByType: actor.type,
          assessedById: actorId(actor),
          inherentLikelihood: risk.inherentLikelihood,
          inherentConsequence: risk.inherentConsequence,
          inherentLevel: risk.inherentLevel,
          inherentLevelLabel: label(risk.inherentLevel),
          residualLikelihood: risk.residualLikelihood,
          residualConsequence: risk.residualConsequence,
          residualLevel: risk.residualLevel,
          residualLevelLabel: label(risk.residualLevel),
          appetiteLevel: criteria.appetiteLevel,
          criteriaVersion: criteria.version,
          status: risk.status,
          note: input.note ?? null,
        }),
      );
      const level = currentLevel(risk);
      work.audit({
        action: 'risk.assessed',
        entityType: 'Risk',
        entityId: risk.id,
        changes: {
          ...diffFields(before, risk, SCORE_FIELDS),
          assessmentId: assessment.id,
          sequence: assessment.sequence,
        },
      });
      work.emit('risk.assessed', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        assessmentId: assessment.id,
        inherentLevel: risk.inherentLevel,
        residualLevel: risk.residualLevel,
        aboveAppetite: level !== null && isAboveAppetite(criteria, level),
        nextReviewAt: risk.nextReviewAt,
      });
      await this.changes.publish(work, 'risk.assessed', [risk.id]);
      return { risk, assessment };
    });
  }

  /** Selects the treatment (23894 6.5): option, plan of actions and controls; the risk moves to TREATING. */
  async setTreatment(actor: Actor, input: SetRiskTreatmentInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.status !== RiskStatus.TREATING) {
        const problem = transitionProblem(risk.status, RiskStatus.TREATING, {
          ...this.facts(risk),
          hasTreatment: true,
        });
        if (problem) throw new Conflict(`Cannot treat risk ${risk.id}: ${problem}`);
      }
      const actions = input.actions ?? [];
      await this.validateReferences(
        work.manager,
        actor,
        { controlUrns: input.controlUrns },
        actions.map((a, i) =>
          a.ownerId ? { field: `input.actions.${i}.ownerId`, userId: a.ownerId } : null,
        ),
      );
      const before = { ...risk };
      risk.treatmentOption = input.option;
      risk.treatmentActions = actions.map((a) => ({
        title: a.title,
        ownerId: a.ownerId ?? null,
        dueDate: a.dueDate ? a.dueDate.toISOString() : null,
        status: a.status ?? TreatmentActionStatus.PLANNED,
      }));
      if (input.controlUrns) risk.controlUrns = unique(input.controlUrns);
      risk.status = RiskStatus.TREATING;
      await work.manager.getRepository(Risk).save(risk);
      const changes = diffFields(before, risk, [
        'treatmentOption',
        'treatmentActions',
        'controlUrns',
        'status',
      ]);
      work.audit({ action: 'risk.treatment_set', entityType: 'Risk', entityId: risk.id, changes });
      work.emit('risk.updated', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        changedFields: Object.keys(changes),
      });
      return risk;
    });
  }

  /**
   * Retains the risk by an informed decision (23894 6.5.2): approved by someone other than its owner, with a
   * rationale and a future expiry; a level above the appetite needs an explicit override reason.
   */
  async accept(actor: Actor, input: AcceptRiskInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.ownerId !== null && risk.ownerId === actorId(actor)) {
        throw new Forbidden('A risk owner cannot accept their own risk; another approver must');
      }
      const problem = transitionProblem(risk.status, RiskStatus.ACCEPTED, this.facts(risk));
      if (problem) throw new Conflict(`Cannot accept risk ${risk.id}: ${problem}`);
      const now = this.clock.now();
      const criteria = await this.criteria.effective(actor.organisationId, work.manager);
      const level = currentLevel(risk) as number;
      const problems: FieldProblem[] = [];
      if (input.acceptedUntil <= now)
        problems.push({ field: 'input.acceptedUntil', message: 'must be in the future' });
      if (isAboveAppetite(criteria, level) && !input.overrideReason) {
        problems.push({
          field: 'input.overrideReason',
          message: `is required: the level ${criteria.levels[level].label} is above the appetite (${criteria.levels[criteria.appetiteLevel].label})`,
        });
      }
      if (problems.length > 0) throw new BadUserInput(problems);

      const before = { ...risk };
      Object.assign(risk, {
        status: RiskStatus.ACCEPTED,
        acceptedByType: actor.type,
        acceptedById: actorId(actor),
        acceptedAt: now,
        acceptedUntil: input.acceptedUntil,
        acceptanceRationale: input.rationale,
        acceptanceOverrideReason: input.overrideReason ?? null,
        acceptedLevel: level,
      });
      await work.manager.getRepository(Risk).save(risk);
      work.audit({
        action: 'risk.accepted',
        entityType: 'Risk',
        entityId: risk.id,
        changes: diffFields(before, risk, [
          'status',
          'acceptedUntil',
          'acceptanceRationale',
          'acceptanceOverrideReason',
          'acceptedLevel',
        ]),
      });
      work.emit('risk.accepted', {
        riskId: risk.id,
        title: risk.title,
        acceptedUntil: risk.acceptedUntil,
        level,
        aboveAppetite: isAboveAppetite(criteria, level),
        overridden: Boolean(input.overrideReason),
      });
      await this.changes.publish(work, 'risk.accepted', [risk.id]);
      return risk;
    });
  }

  /**
   * Reopens accepted risks whose acceptance has expired (SPEC §7: expiry reopens the risk), inside the
   * caller's unit of work (the reassessment sweep). Risks no longer accepted, or not yet expired, are left
   * alone; returns the ones reopened.
   */
  async expireAcceptances(work: Work, riskIds: string[]): Promise<Risk[]> {
    if (riskIds.length === 0) return [];
    const now = this.clock.now();
    const risks = await work.manager
      .getRepository(Risk)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.organisationId = :org', { org: work.actor.organisationId })
      .andWhere('r.id IN (:...ids)', { ids: riskIds })
      .andWhere('r.status = :accepted', { accepted: RiskStatus.ACCEPTED })
      .andWhere('r.acceptedUntil <= :now', { now })
      .orderBy('r.id')
      .getMany();
    for (const risk of risks) {
      const before = { ...risk };
      risk.status = REOPENED_STATUS;
      await work.manager.getRepository(Risk).save(risk);
      work.audit({
        action: 'risk.acceptance_expired',
        entityType: 'Risk',
        entityId: risk.id,
        changes: diffFields(before, risk, ['status']),
      });
      work.emit('risk.acceptance_expired', {
        riskId: risk.id,
        title: risk.title,
        acceptedUntil: risk.acceptedUntil,
        status: risk.status,
      });
    }
    return risks;
  }

  async close(actor: Actor, input: CloseRiskInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.status === RiskStatus.CLOSED) throw new Conflict(`Risk ${risk.id} is already closed`);
      const before = { ...risk };
      Object.assign(risk, {
        status: RiskStatus.CLOSED,
        closedAt: this.clock.now(),
        closeReason: input.reason,
        nextReviewAt: null,
        reviewRequestedAt: null,
      });
      await work.manager.getRepository(Risk).save(risk);
      work.audit({
        action: 'risk.closed',
        entityType: 'Risk',
        entityId: risk.id,
        changes: diffFields(before, risk, ['status', 'closeReason', 'nextReviewAt']),
      });
      work.emit('risk.closed', { riskId: risk.id, title: risk.title, reason: input.reason });
      return risk;
    });
  }

  /** The assessment history of one risk as a time series, oldest first. */
  async history(
    actor: Actor,
    riskId: string,
    first: number,
    after?: string,
  ): Promise<Connection<RiskAssessment>> {
    await this.get(actor, riskId);
    const qb = this.dataSource
      .getRepository(RiskAssessment)
      .createQueryBuilder('a')
      .where('a.organisationId = :org AND a.riskId = :riskId', { org: actor.organisationId, riskId });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'a.sequence', value: (a) => a.sequence, direction: 'ASC', kind: 'number' },
      idColumn: 'a.id',
      id: (a) => a.id,
    });
  }

  /**
   * Every risk not CLOSED with its AI systems and its position against the appetite, in one statement:
   * what PDCA phase gates and cycle carry-over read (42001 6.1.3, 8.3).
   */
  async openRiskPositions(
    organisationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RiskPosition[]> {
    const criteria = await this.criteria.effective(organisationId, manager);
    const rows = await manager
      .getRepository(Risk)
      .createQueryBuilder('r')
      .leftJoin(RiskAISystem, 'l', 'l.riskId = r.id AND l.organisationId = r.organisationId')
      .select('r.id', 'id')
      .addSelect('r.title', 'title')
      .addSelect('r.status', 'status')
      .addSelect('COALESCE(r.residualLevel, r.inherentLevel)', 'level')
      .addSelect('r.acceptedUntil', 'acceptedUntil')
      .addSelect(
        'array_remove(array_agg(CAST(l.aiSystemId AS text) ORDER BY l.aiSystemId), NULL)',
        'aiSystemIds',
      )
      .where('r.organisationId = :org', { org: organisationId })
      .andWhere("r.status <> 'CLOSED'")
      .groupBy('r.id')
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getRawMany<{
        id: string;
        title: string;
        status: RiskStatus;
        level: number | null;
        acceptedUntil: Date | null;
        aiSystemIds: string[];
      }>();
    return rows.map(({ level, ...row }) => ({
      ...row,
      aboveAppetite: level !== null && isAboveAppetite(criteria, level),
    }));
  }

  /** Batch reads for per-request loaders: one statement each whatever the page size. */
  systemLinks(organisationId: string, riskIds: readonly string[]): Promise<RiskAISystem[]> {
    return this.dataSource.getRepository(RiskAISystem).find({
      where: { organisationId, riskId: In([...riskIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  risksOfSystems(organisationId: string, aiSystemIds: readonly string[]): Promise<RiskAISystem[]> {
    return this.dataSource.getRepository(RiskAISystem).find({
      where: { organisationId, aiSystemId: In([...aiSystemIds]) },
      relations: { risk: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  latestAssessments(organisationId: string, riskIds: readonly string[]): Promise<RiskAssessment[]> {
    return this.dataSource
      .getRepository(RiskAssessment)
      .createQueryBuilder('a')
      .distinctOn(['a.riskId'])
      .where('a.organisationId = :org AND a.riskId IN (:...ids)', { org: organisationId, ids: riskIds })
      .orderBy('a.riskId')
      .addOrderBy('a.sequence', 'DESC')
      .getMany();
  }

  assessmentsOf(organisationId: string, riskIds: readonly string[]): Promise<RiskAssessment[]> {
    return this.dataSource.getRepository(RiskAssessment).find({
      where: { organisationId, riskId: In([...riskIds]) },
      order: { sequence: 'ASC' },
    });
  }

  requirements(organisationId: string, urns: readonly string[]) {
    return this.catalog.findRequirementsByUrns(organisationId, urns, { includeRetired: true });
  }

  /**
   * A material change of AI systems puts their open risks up for review now (SPEC §6), inside the unit of
   * work that changed the systems.
   */
  async requestReview(work: Work, aiSystemIds: string[]): Promise<void> {
    const org = work.actor.organisationId;
    const risks = await work.manager
      .getRepository(Risk)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.organisationId = :org', { org })
      .andWhere("r.status <> 'CLOSED'")
      .andWhere(
        'EXISTS (SELECT 1 FROM risk_ai_system l WHERE l.risk_id = r.id AND l.ai_system_id IN (:...ids))',
        { ids: aiSystemIds },
      )
      .orderBy('r.id')
      .getMany();
    const now = this.clock.now();
    for (const risk of risks) {
      const before = { ...risk };
      risk.reviewRequestedAt = now;
      risk.nextReviewAt = now;
      await work.manager.getRepository(Risk).save(risk);
      work.audit({
        action: 'risk.review_requested',
        entityType: 'Risk',
        entityId: risk.id,
        changes: {
          ...diffFields(before, risk, ['nextReviewAt']),
          reason: 'material change of a linked AI system',
        },
      });
      work.emit('risk.updated', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        changedFields: ['nextReviewAt'],
      });
    }
  }

  private statusProblem(risk: Risk, to: RiskStatus): FieldProblem | null {
    if (to === risk.status) return null;
    const field = 'input.status';
    if (to === RiskStatus.ACCEPTED) return { field, message: 'use acceptRisk to accept a risk' };
    if (to === RiskStatus.CLOSED) return { field, message: 'use closeRisk to close a risk' };
    if (!DIRECTLY_SETTABLE.includes(to)) return { field, message: `a risk cannot return to ${to}` };
    const problem = transitionProblem(risk.status, to, this.facts(risk));
    return problem ? { field, message: problem } : null;
  }

  private facts(risk: Risk) {
    return {
      hasInherent: risk.inherentLevel !== null,
      hasResidual: risk.residualLevel !== null,
      hasTreatment: risk.treatmentOption !== null,
    };
  }

  private scoreProblems(
    criteria: EffectiveRiskCriteria,
    score: ScoreInput | undefined,
    field: string,
  ): FieldProblem[] {
    if (!score) return [];
    const problems: FieldProblem[] = [];
    const check = (value: number, size: number, name: 'likelihood' | 'consequence') => {
      if (value > size) {
        problems.push({
          field: `${field}.${name}`,
          message: `must be 1 to ${size} (the organisation’s ${name} scale)`,
        });
      }
    };
    check(score.likelihood, criteria.likelihoodScale.length, 'likelihood');
    check(score.consequence, criteria.consequenceScale.length, 'consequence');
    return problems;
  }

  /**
   * Checks every reference of a mutation before anything is written: owners are active members, URNs are
   * visible catalog requirements of the right kind (all reported at once), AI systems belong to the
   * organisation (a foreign id is NOT_FOUND, like a missing one).
   */
  private async validateReferences(
    manager: EntityManager,
    actor: Actor,
    input: Links & { aiSystemIds?: string[] },
    owners: ({ field: string; userId: string } | null)[],
    extra: FieldProblem[] = [],
  ): Promise<void> {
    const problems = [...extra];
    const checks = owners.filter((o): o is { field: string; userId: string } => o !== null);
    if (checks.length > 0) {
      const members = new Set(
        (
          await this.members.memberUsers(
            actor.organisationId,
            checks.map((c) => c.userId),
          )
        ).map((u) => u.id),
      );
      for (const c of checks) {
        if (!members.has(c.userId))
          problems.push({ field: c.field, message: 'is not an active member of this organisation' });
      }
    }
    const urns = LINK_RULES.flatMap(([field]) => input[field] ?? []);
    if (urns.length > 0) {
      const rows: RequirementRow[] = await this.catalog.findRequirementsByUrns(
        actor.organisationId,
        unique(urns),
      );
      const found = new Map(rows.map((r) => [r.urn, r]));
      for (const [field, rule] of LINK_RULES) {
        const problem = input[field] ? refProblem(rule, input[field], found) : null;
        if (problem) problems.push({ field: `input.${field}`, message: problem });
      }
    }
    if (problems.length > 0) throw new BadUserInput(problems);
    if (input.aiSystemIds?.length) {
      const ids = unique(input.aiSystemIds);
      const known = new Set(
        (await this.systems.findByIds(actor.organisationId, ids, manager)).map((s) => s.id),
      );
      const missing = ids.find((id) => !known.has(id));
      if (missing) throw new NotFound('AISystem', missing);
    }
  }

  private async systemIdsOf(manager: EntityManager, risk: Risk): Promise<string[]> {
    const links = await manager
      .getRepository(RiskAISystem)
      .findBy({ riskId: risk.id, organisationId: risk.organisationId });
    return links.map((l) => l.aiSystemId);
  }

  private async replaceSystemLinks(manager: EntityManager, risk: Risk, aiSystemIds: string[]): Promise<void> {
    const repo = manager.getRepository(RiskAISystem);
    await repo.delete({ riskId: risk.id, organisationId: risk.organisationId });
    if (aiSystemIds.length > 0) {
      await repo.insert(
        aiSystemIds.map((aiSystemId) => ({
          organisationId: risk.organisationId,
          riskId: risk.id,
          aiSystemId,
        })),
      );
    }
  }
}
