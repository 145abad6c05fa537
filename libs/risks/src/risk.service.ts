import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeHook, changeRow, diffFields, FieldDiff, UnitOfWork, Work } from '@aims/audit-log';
import { CatalogService, RefRule, refProblem, RequirementRow } from '@aims/catalog';
import { MembershipService } from '@aims/identity';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  FieldProblem,
  Forbidden,
  lockTenantRow,
  NotFound,
  unique,
} from '@aims/platform';
import { CloseRiskInput, CreateRiskInput, SetRiskTreatmentInput, UpdateRiskInput } from './dto/risk.inputs';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskCriteriaService } from './risk-criteria.service';
import { DIRECTLY_SETTABLE, riskFacts, RiskStatus, transitionProblem } from './risk-status';
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

/** The risk register (ISO/IEC 23894 clause 6; 42001 6.1.2, 6.1.3, 8.2, 8.3). */
@Injectable()
export class RiskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly criteria: RiskCriteriaService,
    private readonly catalog: CatalogService,
    private readonly changes: ChangeHook,
  ) {}

  /** Identifies a risk (23894 6.4.2). */
  async create(actor: Actor, input: CreateRiskInput): Promise<Risk> {
    const ownerId = input.ownerId ?? actor.userId ?? null;
    return this.uow.run(actor, async (work) => {
      // An owner by default is the actor, whose membership authenticated this request.
      await this.validateReferences(actor, input, [
        input.ownerId ? { field: 'input.ownerId', userId: input.ownerId } : null,
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
      await this.insertSystemLinks(work.manager, risk, aiSystemIds);
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
      // Otherwise an owner could hand the risk on and then accept it themselves (docs/domain-rules.md#risk-register).
      if (input.ownerId !== undefined && input.ownerId !== risk.ownerId && risk.ownerId === actorId(actor)) {
        throw new Forbidden('A risk owner cannot reassign their own risk; another member must');
      }
      const owner = input.ownerId ? { field: 'input.ownerId', userId: input.ownerId } : null;
      const statusProblem = input.status !== undefined ? this.statusProblem(risk, input.status) : null;
      await this.validateReferences(actor, input, [owner], statusProblem ? [statusProblem] : []);

      const currentSystems = await this.systemIdsOf(work.manager, risk);
      let systemsDiff: FieldDiff[string] | undefined;
      if (input.aiSystemIds) {
        const next = unique(input.aiSystemIds);
        systemsDiff = diffFields({ ids: [...currentSystems].sort() }, { ids: [...next].sort() }, ['ids']).ids;
        if (systemsDiff) await this.replaceSystemLinks(work.manager, risk, next);
      }
      const diff = await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.updated',
          fields: DESCRIBED_FIELDS,
          always: systemsDiff !== undefined,
          details: () => (systemsDiff ? { aiSystemIds: systemsDiff } : {}),
        },
        (r) => {
          if (input.title !== undefined) r.title = input.title;
          if (input.description !== undefined) r.description = input.description ?? null;
          if (input.lifecycleStage !== undefined) r.lifecycleStage = input.lifecycleStage ?? null;
          if (input.ownerId !== undefined) r.ownerId = input.ownerId ?? null;
          if (input.riskSourceUrns) r.riskSourceUrns = unique(input.riskSourceUrns);
          if (input.tc260NodeUrns) r.tc260NodeUrns = unique(input.tc260NodeUrns);
          if (input.trustworthinessCharacteristicUrns) {
            r.trustworthinessCharacteristicUrns = unique(input.trustworthinessCharacteristicUrns);
          }
          if (input.status !== undefined) r.status = input.status;
        },
      );
      if (!diff) return risk;
      work.emit('risk.updated', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        changedFields: [...Object.keys(diff), ...(systemsDiff ? ['aiSystemIds'] : [])],
      });
      return risk;
    });
  }

  /** Selects the treatment (23894 6.5): option, plan of actions and controls; the risk moves to TREATING. */
  async setTreatment(actor: Actor, input: SetRiskTreatmentInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.status !== RiskStatus.TREATING) {
        const problem = transitionProblem(risk.status, RiskStatus.TREATING, {
          ...riskFacts(risk),
          hasTreatment: true,
        });
        if (problem) throw new Conflict(`Cannot treat risk ${risk.id}: ${problem}`);
      }
      const actions = input.actions ?? [];
      await this.validateReferences(
        actor,
        { controlUrns: input.controlUrns },
        actions.map((a, i) =>
          a.ownerId ? { field: `input.actions.${i}.ownerId`, userId: a.ownerId } : null,
        ),
      );
      const changes = await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.treatment_set',
          fields: ['treatmentOption', 'treatmentActions', 'controlUrns', 'status'],
          always: true,
        },
        (r) => {
          r.treatmentOption = input.option;
          r.treatmentActions = actions.map((a) => ({
            title: a.title,
            ownerId: a.ownerId ?? null,
            dueDate: a.dueDate ? a.dueDate.toISOString() : null,
            status: a.status ?? TreatmentActionStatus.PLANNED,
          }));
          if (input.controlUrns) r.controlUrns = unique(input.controlUrns);
          r.status = RiskStatus.TREATING;
        },
      );
      work.emit('risk.updated', {
        riskId: risk.id,
        title: risk.title,
        status: risk.status,
        changedFields: Object.keys(changes ?? {}),
      });
      return risk;
    });
  }

  async close(actor: Actor, input: CloseRiskInput): Promise<Risk> {
    return this.uow.run(actor, async (work) => {
      const risk = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (risk.status === RiskStatus.CLOSED) throw new Conflict(`Risk ${risk.id} is already closed`);
      await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.closed',
          fields: ['status', 'closeReason', 'nextReviewAt', 'reviewRequestedAt'],
          always: true,
        },
        (r) =>
          Object.assign(r, {
            status: RiskStatus.CLOSED,
            closedAt: this.clock.now(),
            closeReason: input.reason,
            nextReviewAt: null,
            reviewRequestedAt: null,
          }),
      );
      work.emit('risk.closed', { riskId: risk.id, title: risk.title, reason: input.reason });
      return risk;
    });
  }

  /**
   * A material change of AI systems puts their open risks up for review now (docs/domain-rules.md#ai-systems), inside the unit of
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
      await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.review_requested',
          fields: ['nextReviewAt', 'reviewRequestedAt'],
          always: true,
          details: () => ({ reason: 'material change of a linked AI system' }),
        },
        (r) => {
          r.reviewRequestedAt = now;
          r.nextReviewAt = now;
        },
      );
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
    const problem = transitionProblem(risk.status, to, riskFacts(risk));
    return problem ? { field, message: problem } : null;
  }

  /**
   * Checks every reference of a mutation before anything is written: owners are active members, URNs are
   * visible catalog requirements of the right kind (all reported at once). AI systems are checked as
   * they are linked (insertSystemLinks).
   */
  private async validateReferences(
    actor: Actor,
    input: Links,
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
  }

  private async systemIdsOf(manager: EntityManager, risk: Risk): Promise<string[]> {
    const links = await manager
      .getRepository(RiskAISystem)
      .findBy({ riskId: risk.id, organisationId: risk.organisationId });
    return links.map((l) => l.aiSystemId);
  }

  private async replaceSystemLinks(manager: EntityManager, risk: Risk, aiSystemIds: string[]): Promise<void> {
    await manager
      .getRepository(RiskAISystem)
      .delete({ riskId: risk.id, organisationId: risk.organisationId });
    await this.insertSystemLinks(manager, risk, aiSystemIds);
  }

  /**
   * Links the risk to those of `aiSystemIds` that are the organisation's AI systems, in one statement;
   * NOT_FOUND for the first that is not (a foreign id like a missing one), and the caller's transaction
   * then writes nothing.
   */
  private async insertSystemLinks(manager: EntityManager, risk: Risk, aiSystemIds: string[]): Promise<void> {
    if (aiSystemIds.length === 0) return;
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO risk_ai_system (organisation_id, risk_id, ai_system_id)
       SELECT $1, $2, s.id FROM ai_system s WHERE s.organisation_id = $1 AND s.id = ANY($3::uuid[])
       RETURNING ai_system_id AS id`,
      [risk.organisationId, risk.id, aiSystemIds],
    );
    const linked = new Set(rows.map((r) => r.id));
    const missing = aiSystemIds.find((id) => !linked.has(id));
    if (missing) throw new NotFound('AISystem', missing);
  }
}
