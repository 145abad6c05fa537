import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { diffFields, Work } from '@aims/audit-log';
import { Clock } from '@aims/platform';
import { RiskReader, RiskStatus } from '@aims/risks';
import { CorrectiveActionStatus, NonconformityStatus } from '../nonconformity/nonconformity.enums';
import { CorrectiveAction } from '../nonconformity/corrective-action.entity';
import { CycleCarriedRisk } from './cycle-carried-risk.entity';
import { CycleContent } from './cycle-content';
import { Cycle } from './cycle.entity';
import { CyclePhase } from './cycle.enums';
import { nextCycleName, nextPeriod } from './cycle-succession';
import { Nonconformity } from '../nonconformity/nonconformity.entity';
import { SoAEntry } from '../soa/soa-entry.entity';

export const CYCLE_FIELDS = [
  'name',
  'periodStart',
  'periodEnd',
  'phase',
  'scopeStatement',
  'aiSystemIds',
] as const;

/** The hand-over from a closed cycle to the next one, carrying open work and accepted risks forward. */
@Injectable()
export class CycleHandover {
  constructor(
    private readonly clock: Clock,
    private readonly risks: RiskReader,
    private readonly content: CycleContent,
  ) {}

  /**
   * Closing hands over to the next cycle (docs/domain-rules.md#pdca-cycles): same scope, the following period, a fresh checklist,
   * the SoA copied as a draft to confirm, and every open nonconformity, open corrective action and accepted
   * risk carried forward, each linked to its origin.
   */
  async openNext(work: Work, closed: Cycle): Promise<Cycle> {
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
    const checklist = await this.content.generateChecklist(manager, next);
    const previousSoA = await manager.getRepository(SoAEntry).find({
      where: { cycleId: closed.id, organisationId: closed.organisationId },
      order: { position: 'ASC' },
    });
    const soa = await this.content.generateSoA(manager, next, previousSoA);
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
}
