import { Injectable } from '@nestjs/common';
import { ChangeHook, changeRow, UnitOfWork, Work } from '@aims/audit-log';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  FieldProblem,
  Forbidden,
  lockTenantRow,
} from '@aims/platform';
import { AcceptRiskInput } from './dto/risk.inputs';
import { RiskCriteriaService } from './risk-criteria.service';
import { isAboveAppetite } from './risk-level';
import { currentLevel } from './risk-scoring';
import { REOPENED_STATUS, riskFacts, RiskStatus, transitionProblem } from './risk-status';
import { Risk } from './risk.entity';

/** Accepting a risk for a time, and the acceptance ending (42001 6.1.3 e, 23894 6.5.3). */
@Injectable()
export class RiskAcceptanceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly criteria: RiskCriteriaService,
    private readonly changes: ChangeHook,
  ) {}

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
      const problem = transitionProblem(risk.status, RiskStatus.ACCEPTED, riskFacts(risk));
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

      await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.accepted',
          fields: [
            'status',
            'acceptedByType',
            'acceptedById',
            'acceptedAt',
            'acceptedUntil',
            'acceptanceRationale',
            'acceptanceOverrideReason',
            'acceptedLevel',
          ],
          always: true,
        },
        (r) =>
          Object.assign(r, {
            status: RiskStatus.ACCEPTED,
            acceptedByType: actor.type,
            acceptedById: actorId(actor),
            acceptedAt: now,
            acceptedUntil: input.acceptedUntil,
            acceptanceRationale: input.rationale,
            acceptanceOverrideReason: input.overrideReason ?? null,
            acceptedLevel: level,
          }),
      );
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
   * Reopens accepted risks whose acceptance has expired (docs/domain-rules.md#risk-register: expiry reopens the risk), inside the
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
      await changeRow(
        work,
        risk,
        {
          entity: Risk,
          entityType: 'Risk',
          action: 'risk.acceptance_expired',
          fields: ['status'],
          always: true,
        },
        (r) => {
          r.status = REOPENED_STATUS;
        },
      );
      work.emit('risk.acceptance_expired', {
        riskId: risk.id,
        title: risk.title,
        acceptedUntil: risk.acceptedUntil,
        status: risk.status,
      });
    }
    return risks;
  }
}
