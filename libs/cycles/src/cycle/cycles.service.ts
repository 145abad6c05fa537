import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AISystemService } from '@aims/ai-systems';
import { diffFields, UnitOfWork, Work } from '@aims/audit-log';
import { CatalogService, PdcaPhase, RequirementKind } from '@aims/catalog';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  findTenantRow,
  Forbidden,
  GateNotMet,
  keysetPage,
  lockTenantRow,
  NotFound,
  Role,
  unique,
} from '@aims/platform';
import { RiskReader, RiskStatus } from '@aims/risks';
import { AdvanceCycleInput, CreateCycleInput, UpdateCycleInput } from './cycle.inputs';
import { SoAEntryOrigin } from '../soa/soa.enums';
import { CyclePhase } from './cycle.enums';
import { CorrectiveActionStatus, NonconformityStatus } from '../nonconformity/nonconformity.enums';
import { ChecklistStatus } from '../checklist/checklist.enums';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { CorrectiveAction } from '../nonconformity/corrective-action.entity';
import { CycleCarriedRisk } from './cycle-carried-risk.entity';
import { Cycle, PhaseTransition } from './cycle.entity';
import { nextCycleName, nextPeriod } from './cycle-succession';
import { InternalAudit } from '../internal-audit/internal-audit.entity';
import { ManagementReview } from '../management-review/management-review.entity';
import { Nonconformity } from '../nonconformity/nonconformity.entity';
import { evaluateGate, GateFacts, GateResult, needsImpactAssessment } from './phase-gate';
import { SoAEntry } from '../soa/soa-entry.entity';
import { soaRequirementStatus } from '../soa/soa-decision';

export const ISO_42001_FRAMEWORK_URN = 'urn:aims:framework:iso-iec-42001:2023';

export interface RequirementStatusRow {
  urn: string;
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'IMPLEMENTED' | 'NOT_APPLICABLE';
  source: 'CHECKLIST' | 'SOA';
  entityId: string;
}

/** Records of a cycle that other domains (evidence) may link to, by the type names they use. */
const LINK_TARGETS = {
  SOA_ENTRY: { entity: SoAEntry, name: 'SoAEntry' },
  CHECKLIST_ITEM: { entity: ChecklistItem, name: 'ChecklistItem' },
  AUDIT_FINDING: { entity: AuditFinding, name: 'AuditFinding' },
} as const;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CYCLE_FIELDS = ['name', 'periodStart', 'periodEnd', 'phase', 'scopeStatement', 'aiSystemIds'] as const;
const OVERRIDERS: readonly Role[] = [Role.OWNER, Role.ADMIN];

/**
 * PDCA cycles of the AI management system (ISO/IEC 42001 clauses 4–10): one open cycle per organisation,
 * its clause checklist and Statement of Applicability generated from the catalog, phase gates, and the
 * hand-over to the next cycle when it closes.
 */
@Injectable()
export class CyclesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
    private readonly systems: AISystemService,
    private readonly risks: RiskReader,
  ) {}

  /** Newest first. */
  list(actor: Actor, first: number, after?: string): Promise<Connection<Cycle>> {
    const qb = this.dataSource
      .getRepository(Cycle)
      .createQueryBuilder('c')
      .where('c.organisationId = :org', { org: actor.organisationId });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'c.sequence', value: (c) => c.sequence, direction: 'DESC', kind: 'number' },
      idColumn: 'c.id',
      id: (c) => c.id,
    });
  }

  async get(actor: Actor, id: string): Promise<Cycle> {
    return findTenantRow(this.dataSource.manager, Cycle, 'Cycle', actor.organisationId, id);
  }

  /** The organisation's open cycle, if any. */
  current(actor: Actor): Promise<Cycle | null> {
    return this.dataSource
      .getRepository(Cycle)
      .findOneBy({ organisationId: actor.organisationId, phase: Not(CyclePhase.CLOSED) });
  }

  findByIds(organisationId: string, ids: readonly string[]): Promise<Cycle[]> {
    return this.dataSource.getRepository(Cycle).findBy({ organisationId, id: In([...ids]) });
  }

  /** Starts a cycle in PLAN with its clause checklist and Statement of Applicability. */
  async create(actor: Actor, input: CreateCycleInput): Promise<Cycle> {
    this.assertPeriod(input.periodStart, input.periodEnd);
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(Cycle);
      if (await repo.existsBy({ organisationId: actor.organisationId, phase: Not(CyclePhase.CLOSED) })) {
        throw new Conflict('The organisation already has an open cycle: close it before starting another');
      }
      const aiSystemIds = unique(input.aiSystemIds ?? []);
      await this.assertSystems(work.manager, actor, aiSystemIds);
      const last = await repo.findOne({
        where: { organisationId: actor.organisationId },
        order: { sequence: 'DESC' },
      });
      const cycle = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          sequence: (last?.sequence ?? 0) + 1,
          name: input.name,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          phase: CyclePhase.PLAN,
          scopeStatement: input.scopeStatement?.trim() || null,
          aiSystemIds,
          phaseChangedAt: this.clock.now(),
          transitions: [],
          closedAt: null,
          previousCycleId: null,
        }),
      );
      const checklist = await this.generateChecklist(work.manager, cycle);
      const soa = await this.generateSoA(work.manager, cycle, []);
      work.audit({
        action: 'cycle.created',
        entityType: 'Cycle',
        entityId: cycle.id,
        changes: {
          ...diffFields(null, cycle, CYCLE_FIELDS),
          checklistItems: { from: null, to: checklist },
          soaEntries: { from: null, to: soa },
        },
      });
      return cycle;
    });
  }

  /** Renames, re-dates or re-scopes an open cycle. */
  async update(actor: Actor, input: UpdateCycleInput): Promise<Cycle> {
    return this.uow.run(actor, async (work) => {
      const cycle = await lockTenantRow(work.manager, Cycle, 'Cycle', actor.organisationId, input.id);
      if (cycle.phase === CyclePhase.CLOSED) throw new Conflict(`Cycle ${cycle.id} is closed`);
      this.assertPeriod(input.periodStart ?? cycle.periodStart, input.periodEnd ?? cycle.periodEnd);
      if (input.aiSystemIds) await this.assertSystems(work.manager, actor, unique(input.aiSystemIds));
      const before = { ...cycle };
      if (input.name !== undefined) cycle.name = input.name;
      if (input.periodStart) cycle.periodStart = input.periodStart;
      if (input.periodEnd) cycle.periodEnd = input.periodEnd;
      if (input.aiSystemIds) cycle.aiSystemIds = unique(input.aiSystemIds);
      if (input.scopeStatement !== undefined) cycle.scopeStatement = input.scopeStatement?.trim() || null;
      const changes = diffFields(before, cycle, CYCLE_FIELDS);
      if (Object.keys(changes).length === 0) return cycle;
      await work.manager.getRepository(Cycle).save(cycle);
      work.audit({ action: 'cycle.updated', entityType: 'Cycle', entityId: cycle.id, changes });
      return cycle;
    });
  }

  /**
   * Moves the cycle one phase forward when its gate holds; otherwise GATE_NOT_MET lists every unmet
   * criterion. OWNER and ADMIN may override an unmet gate with a reason, which the audit trail keeps with
   * what was unmet. ACT → CLOSED closes the cycle and opens the next one.
   */
  async advance(
    actor: Actor,
    input: AdvanceCycleInput,
  ): Promise<{ cycle: Cycle; gate: GateResult; overridden: boolean; nextCycle: Cycle | null }> {
    if (input.override && !OVERRIDERS.includes(actor.role)) {
      throw new Forbidden('Only an OWNER or ADMIN may override a phase gate');
    }
    return this.uow.run(actor, async (work) => {
      const cycle = await lockTenantRow(work.manager, Cycle, 'Cycle', actor.organisationId, input.cycleId);
      if (cycle.phase === CyclePhase.CLOSED) throw new Conflict(`Cycle ${cycle.id} is closed`);
      const facts = await this.gateFacts(actor.organisationId, [cycle.id], work.manager);
      const gate = evaluateGate(facts.get(cycle.id) as GateFacts);
      if (!gate.met && !input.override) throw new GateNotMet(gate.unmet);
      const overridden = !gate.met;
      const from = cycle.phase;
      const to = gate.to as CyclePhase;
      const now = this.clock.now();
      const before = { ...cycle };
      const transition: PhaseTransition = {
        from,
        to,
        at: now.toISOString(),
        byType: actor.type,
        byId: actorId(actor),
        override: overridden ? { reason: input.override?.reason as string, unmet: gate.unmet } : null,
      };
      Object.assign(cycle, {
        phase: to,
        phaseChangedAt: now,
        transitions: [...cycle.transitions, transition],
        closedAt: to === CyclePhase.CLOSED ? now : null,
      });
      await work.manager.getRepository(Cycle).save(cycle);
      work.audit({
        action: 'cycle.phase_changed',
        entityType: 'Cycle',
        entityId: cycle.id,
        changes: {
          ...diffFields(before, cycle, ['phase']),
          ...(transition.override ? { override: transition.override } : {}),
        },
      });
      work.emit('cycle.phase_changed', { cycleId: cycle.id, name: cycle.name, from, to, overridden });
      const nextCycle = to === CyclePhase.CLOSED ? await this.openNext(work, cycle) : null;
      return { cycle, gate, overridden, nextCycle };
    });
  }

  /**
   * Everything the phase gates of the given cycles look at, read in a fixed number of statements however
   * many cycles: used by advanceCycle inside its transaction and by the `gate` field through a loader.
   */
  async gateFacts(
    organisationId: string,
    cycleIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, GateFacts>> {
    const where = { organisationId, cycleId: In([...cycleIds]) };
    const ordered = { order: { createdAt: 'ASC', id: 'ASC' } } as const;
    // One after the other: inside a transaction they share one connection.
    const cycles = await manager.getRepository(Cycle).findBy({ organisationId, id: In([...cycleIds]) });
    const checklist = await manager.getRepository(ChecklistItem).find({ where, order: { position: 'ASC' } });
    const soa = await manager.getRepository(SoAEntry).find({ where, order: { position: 'ASC' } });
    const audits = await manager.getRepository(InternalAudit).find({ where, ...ordered });
    const reviews = await manager
      .getRepository(ManagementReview)
      .find({ select: { id: true, cycleId: true }, where });
    const findings = await manager.getRepository(AuditFinding).find({ where, ...ordered });
    const nonconformities = await manager.getRepository(Nonconformity).find({ where, ...ordered });
    const actions = await manager
      .getRepository(CorrectiveAction)
      .find({ select: { id: true, cycleId: true, nonconformityId: true }, where });
    const risks = await this.risks.openRiskPositions(organisationId, manager);
    const systems = await this.systems.findByIds(
      organisationId,
      unique(cycles.flatMap((c) => c.aiSystemIds)),
      manager,
    );
    // Only systems that need one (42001 8.4) are looked up: none, no statement.
    const assessed = await this.systems.withApprovedImpactAssessment(
      organisationId,
      systems.filter(needsImpactAssessment).map((s) => s.id),
      manager,
    );
    const of = <T extends { cycleId: string }>(rows: T[], id: string) => rows.filter((r) => r.cycleId === id);
    return new Map(
      cycles.map((c) => {
        const ncs = of(nonconformities, c.id);
        return [
          c.id,
          {
            cycle: c,
            aiSystems: systems
              .filter((s) => c.aiSystemIds.includes(s.id))
              .map((s) => ({ ...s, hasApprovedImpactAssessment: assessed.has(s.id) })),
            checklist: of(checklist, c.id),
            soa: of(soa, c.id),
            risks,
            audits: of(audits, c.id),
            managementReviews: of(reviews, c.id).length,
            findings: of(findings, c.id).map((f) => ({
              ...f,
              hasNonconformity: ncs.some((n) => n.findingId === f.id),
            })),
            nonconformities: ncs.map((n) => ({
              ...n,
              correctiveActions: actions.filter((a) => a.nonconformityId === n.id).length,
            })),
          },
        ];
      }),
    );
  }

  /**
   * For the evidence library: NOT_FOUND (entity SoAEntry, ChecklistItem or AuditFinding) for the first
   * target that is missing or belongs to another organisation.
   */
  async assertLinkTargets(
    organisationId: string,
    targets: { type: 'SOA_ENTRY' | 'CHECKLIST_ITEM' | 'AUDIT_FINDING'; id: string }[],
  ): Promise<void> {
    const found = new Set<string>();
    for (const type of unique(targets.map((t) => t.type))) {
      const ids = unique(targets.filter((t) => t.type === type && UUID_RE.test(t.id)).map((t) => t.id));
      if (ids.length === 0) continue;
      const rows = await this.dataSource
        .getRepository(LINK_TARGETS[type].entity)
        .find({ select: { id: true }, where: { organisationId, id: In(ids) } });
      for (const row of rows) found.add(`${type}:${row.id}`);
    }
    const missing = targets.find((t) => !found.has(`${t.type}:${t.id}`));
    if (missing) throw new NotFound(LINK_TARGETS[missing.type].name, missing.id);
  }

  /**
   * For the evidence library's coverage: one row per checklist item (clause URN, its status) and per SoA
   * entry (control URN; NOT_APPLICABLE when excluded, else its implementation status). NOT_FOUND for a
   * missing or foreign cycle.
   */
  async requirementStatuses(organisationId: string, cycleId: string): Promise<RequirementStatusRow[]> {
    if (
      !UUID_RE.test(cycleId) ||
      !(await this.dataSource.getRepository(Cycle).existsBy({ organisationId, id: cycleId }))
    ) {
      throw new NotFound('Cycle', cycleId);
    }
    const where = { organisationId, cycleId };
    const [checklist, soa] = await Promise.all([
      this.dataSource.getRepository(ChecklistItem).find({ where, order: { position: 'ASC' } }),
      this.dataSource.getRepository(SoAEntry).find({ where, order: { position: 'ASC' } }),
    ]);
    return [
      ...checklist.map((i) => ({
        urn: i.requirementUrn,
        status: i.status,
        source: 'CHECKLIST' as const,
        entityId: i.id,
      })),
      ...soa.map((e) => ({
        urn: e.controlUrn,
        status: soaRequirementStatus(e),
        source: 'SOA' as const,
        entityId: e.id,
      })),
    ];
  }

  /** Accepted risks carried into the given cycles, for per-request loaders. */
  carriedRisksOf(organisationId: string, cycleIds: readonly string[]): Promise<CycleCarriedRisk[]> {
    return this.dataSource.getRepository(CycleCarriedRisk).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Closing hands over to the next cycle (docs/domain-rules.md#pdca-cycles): same scope, the following period, a fresh checklist,
   * the SoA copied as a draft to confirm, and every open nonconformity, open corrective action and accepted
   * risk carried forward, each linked to its origin.
   */
  private async openNext(work: Work, closed: Cycle): Promise<Cycle> {
    const manager = work.manager;
    const repo = manager.getRepository(Cycle);
    const period = nextPeriod(closed.periodStart, closed.periodEnd);
    const next = await repo.save(
      repo.create({
        organisationId: closed.organisationId,
        sequence: closed.sequence + 1,
        name: nextCycleName(closed.name, closed.sequence + 1),
        periodStart: period.start,
        periodEnd: period.end,
        phase: CyclePhase.PLAN,
        scopeStatement: closed.scopeStatement,
        aiSystemIds: closed.aiSystemIds,
        phaseChangedAt: this.clock.now(),
        transitions: [],
        closedAt: null,
        previousCycleId: closed.id,
      }),
    );
    const checklist = await this.generateChecklist(manager, next);
    const previousSoA = await manager.getRepository(SoAEntry).find({
      where: { cycleId: closed.id, organisationId: closed.organisationId },
      order: { position: 'ASC' },
    });
    const soa = await this.generateSoA(manager, next, previousSoA);
    const carried = await this.carryRecords(manager, closed, next);
    const acceptedRisks = (await this.risks.openRiskPositions(closed.organisationId, manager)).filter(
      (r) => r.status === RiskStatus.ACCEPTED,
    );
    if (acceptedRisks.length > 0) {
      await manager.getRepository(CycleCarriedRisk).insert(
        acceptedRisks.map((r) => ({
          organisationId: closed.organisationId,
          cycleId: next.id,
          riskId: r.id,
          originCycleId: closed.id,
          acceptedUntil: r.acceptedUntil,
        })),
      );
    }
    const carriedOver = {
      soaEntries: previousSoA.length,
      nonconformityIds: carried.nonconformityIds,
      correctiveActionIds: carried.correctiveActionIds,
      acceptedRiskIds: acceptedRisks.map((r) => r.id),
    };
    work.audit({
      action: 'cycle.closed',
      entityType: 'Cycle',
      entityId: closed.id,
      changes: { nextCycleId: { from: null, to: next.id } },
    });
    work.audit({
      action: 'cycle.created',
      entityType: 'Cycle',
      entityId: next.id,
      changes: {
        ...diffFields(null, next, CYCLE_FIELDS),
        previousCycleId: { from: null, to: closed.id },
        checklistItems: { from: null, to: checklist },
        soaEntries: { from: null, to: soa },
        carriedOver,
      },
    });
    work.emit('cycle.closed', {
      cycleId: closed.id,
      name: closed.name,
      nextCycleId: next.id,
      nextCycleName: next.name,
      carriedOver: {
        soaEntries: carriedOver.soaEntries,
        nonconformities: carriedOver.nonconformityIds.length,
        correctiveActions: carriedOver.correctiveActionIds.length,
        acceptedRisks: carriedOver.acceptedRiskIds.length,
      },
    });
    return next;
  }

  /** Open nonconformities and their open corrective actions continue in the next cycle. */
  private async carryRecords(
    manager: EntityManager,
    closed: Cycle,
    next: Cycle,
  ): Promise<{ nonconformityIds: string[]; correctiveActionIds: string[] }> {
    const org = closed.organisationId;
    const ncRepo = manager.getRepository(Nonconformity);
    const caRepo = manager.getRepository(CorrectiveAction);
    const open = await ncRepo.find({
      where: { organisationId: org, cycleId: closed.id, status: NonconformityStatus.OPEN },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const actions = open.length
      ? await caRepo.find({
          where: {
            organisationId: org,
            nonconformityId: In(open.map((n) => n.id)),
            status: CorrectiveActionStatus.OPEN,
          },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    if (open.length === 0) return { nonconformityIds: [], correctiveActionIds: [] };
    // The originals step aside first: a finding has one live nonconformity (nonconformity_finding_key).
    await ncRepo.update({ id: In(open.map((n) => n.id)) }, { status: NonconformityStatus.CARRIED_FORWARD });
    if (actions.length) {
      await caRepo.update(
        { id: In(actions.map((a) => a.id)) },
        { status: CorrectiveActionStatus.CARRIED_FORWARD },
      );
    }
    const copies = new Map<string, string>();
    for (const nc of open) {
      const { id, createdAt: _c, updatedAt: _u, ...fields } = nc;
      const copy = await ncRepo.save(ncRepo.create({ ...fields, cycleId: next.id, carriedFromId: id }));
      copies.set(id, copy.id);
    }
    const carriedActions = actions.length
      ? await caRepo.save(
          actions.map(({ id, createdAt: _c, updatedAt: _u, ...fields }) =>
            caRepo.create({
              ...fields,
              cycleId: next.id,
              nonconformityId: copies.get(fields.nonconformityId) as string,
              carriedFromId: id,
            }),
          ),
        )
      : [];
    return { nonconformityIds: [...copies.values()], correctiveActionIds: carriedActions.map((a) => a.id) };
  }

  /** 42001 clauses 4–10 with their sub-clauses and phase, in document order. Returns how many. */
  private async generateChecklist(manager: EntityManager, cycle: Cycle): Promise<number> {
    const clauses = (
      await this.catalog.requirementsOf(cycle.organisationId, ISO_42001_FRAMEWORK_URN, {
        kind: RequirementKind.CLAUSE,
      })
    ).filter((r) => r.pdcaPhase !== null);
    await manager.getRepository(ChecklistItem).insert(
      clauses.map((r) => ({
        organisationId: cycle.organisationId,
        cycleId: cycle.id,
        requirementUrn: r.urn,
        refId: r.refId,
        title: r.title,
        phase: r.pdcaPhase as PdcaPhase,
        position: r.position,
        status: ChecklistStatus.NOT_STARTED,
      })),
    );
    return clauses.length;
  }

  /**
   * One entry per Annex A control, plus, when continuing a cycle, every entry of its SoA with the decision
   * kept as a draft (`carriedOver`) until confirmed. Returns how many.
   */
  private async generateSoA(manager: EntityManager, cycle: Cycle, previous: SoAEntry[]): Promise<number> {
    const controls = await this.catalog.requirementsOf(cycle.organisationId, ISO_42001_FRAMEWORK_URN, {
      kind: RequirementKind.CONTROL,
    });
    const carried = previous.map((e) => ({
      organisationId: cycle.organisationId,
      cycleId: cycle.id,
      controlUrn: e.controlUrn,
      refId: e.refId,
      title: e.title,
      origin: e.origin,
      position: e.position,
      applicable: e.applicable,
      justification: e.justification,
      implementationStatus: e.implementationStatus,
      linkedRiskIds: e.linkedRiskIds,
      carriedOver: e.applicable !== null,
      carriedFromId: e.id,
      decidedAt: e.decidedAt,
      decidedById: e.decidedById,
    }));
    const listed = new Set(previous.map((e) => e.controlUrn));
    const fresh = controls
      .filter((r) => !listed.has(r.urn))
      .map((r) => ({
        organisationId: cycle.organisationId,
        cycleId: cycle.id,
        controlUrn: r.urn,
        refId: r.refId,
        title: r.title,
        origin: SoAEntryOrigin.ANNEX_A,
        position: r.position,
        linkedRiskIds: [],
        carriedOver: false,
      }));
    const rows = [...carried, ...fresh];
    if (rows.length > 0) await manager.getRepository(SoAEntry).insert(rows);
    return rows.length;
  }

  private assertPeriod(start: Date, end: Date): void {
    if (end <= start) throw BadUserInput.field('input.periodEnd', 'must be after periodStart');
  }

  /** AI systems in scope belong to the organisation; a foreign id is NOT_FOUND like a missing one. */
  private async assertSystems(manager: EntityManager, actor: Actor, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set(
      (await this.systems.findByIds(actor.organisationId, ids, manager)).map((s) => s.id),
    );
    const missing = ids.find((id) => !known.has(id));
    if (missing) throw new NotFound('AISystem', missing);
  }
}
