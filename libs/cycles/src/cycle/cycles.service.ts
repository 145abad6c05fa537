import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AISystemService } from '@aims/ai-systems';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
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
import { AdvanceCycleInput, CreateCycleInput, UpdateCycleInput } from './cycle.inputs';
import { CyclePhase } from './cycle.enums';
import { CycleContent } from './cycle-content';
import { Cycle, PhaseTransition } from './cycle.entity';
import { CycleGates } from './cycle-gates.service';
import { CYCLE_FIELDS, CycleHandover } from './cycle-handover.service';
import { evaluateGate, GateFacts, GateResult } from './phase-gate';

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
    private readonly systems: AISystemService,
    private readonly content: CycleContent,
    private readonly gates: CycleGates,
    private readonly handover: CycleHandover,
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
      const checklist = await this.content.generateChecklist(work.manager, cycle);
      const soa = await this.content.generateSoA(work.manager, cycle, []);
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
      const change = { entity: Cycle, entityType: 'Cycle', action: 'cycle.updated', fields: CYCLE_FIELDS };
      await changeRow(work, cycle, change, (row) => {
        if (input.name !== undefined) row.name = input.name;
        if (input.periodStart) row.periodStart = input.periodStart;
        if (input.periodEnd) row.periodEnd = input.periodEnd;
        if (input.aiSystemIds) row.aiSystemIds = unique(input.aiSystemIds);
        if (input.scopeStatement !== undefined) row.scopeStatement = input.scopeStatement?.trim() || null;
      });
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
      const facts = await this.gates.gateFacts(actor.organisationId, [cycle.id], work.manager);
      const gate = evaluateGate(facts.get(cycle.id) as GateFacts);
      if (!gate.met && !input.override) throw new GateNotMet(gate.unmet);
      const overridden = !gate.met;
      const from = cycle.phase;
      const to = gate.to as CyclePhase;
      const now = this.clock.now();
      const transition: PhaseTransition = {
        from,
        to,
        at: now.toISOString(),
        byType: actor.type,
        byId: actorId(actor),
        override: overridden ? { reason: input.override?.reason as string, unmet: gate.unmet } : null,
      };
      const phaseChange = {
        entity: Cycle,
        entityType: 'Cycle',
        action: 'cycle.phase_changed',
        fields: ['phase'] as const,
        always: true,
        details: () => (transition.override ? { override: transition.override } : {}),
      };
      await changeRow(work, cycle, phaseChange, (row) => {
        Object.assign(row, {
          phase: to,
          phaseChangedAt: now,
          transitions: [...row.transitions, transition],
          closedAt: to === CyclePhase.CLOSED ? now : null,
        });
      });
      work.emit('cycle.phase_changed', { cycleId: cycle.id, name: cycle.name, from, to, overridden });
      const nextCycle = to === CyclePhase.CLOSED ? await this.handover.openNext(work, cycle) : null;
      return { cycle, gate, overridden, nextCycle };
    });
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
