import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadUserInput, Clock } from '@aims/platform';
import { ChangeHook, UnitOfWork, Work } from '@aims/audit-log';
import { AISystem } from './ai-system.entity';
import { UpdateTc260RuleTableInput } from './dto/ai-system.inputs';
import {
  DEFAULT_TC260_RULE_TABLE,
  gradeTc260,
  normaliseTc260RuleTable,
  Tc260Grade,
  Tc260RuleTable,
  validateTc260RuleTable,
} from './tc260-grading';
import { Tc260RuleTableEntity } from './tc260-rule-table.entity';

/** A grading is revisited at least yearly even when nothing changes (TC260 2.0: grading is ongoing). */
const REGRADE_INTERVAL_MS = 365 * 24 * 3600 * 1000;

export interface EffectiveRuleTable extends Tc260RuleTable {
  isDefault: boolean;
  updatedAt: Date | null;
}

export interface Regrade {
  from: Tc260Grade | null;
  to: Tc260Grade | null;
}

/** TC260 grades of AI systems and the organisation's rule table behind them. */
@Injectable()
export class Tc260GradingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly changes: ChangeHook,
  ) {}

  /** The organisation's table, or the documented default when it has none. */
  async ruleTable(
    organisationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EffectiveRuleTable> {
    const row = await manager.getRepository(Tc260RuleTableEntity).findOneBy({ organisationId });
    return row
      ? { ...row.rules, isDefault: false, updatedAt: row.updatedAt }
      : { ...DEFAULT_TC260_RULE_TABLE, isDefault: true, updatedAt: null };
  }

  /**
   * Re-grades `system` in place with `table`; returns the change when the grade moved. A new grade (or a
   * first one) restarts the periodic re-grade clock.
   */
  regrade(system: AISystem, table: Tc260RuleTable): Regrade | null {
    const to = gradeTc260(system, table);
    const from = system.grade ?? null;
    if (to === from) return null;
    const now = this.clock.now();
    system.grade = to;
    system.gradedAt = to ? now : null;
    system.nextRegradeAt = to ? new Date(now.getTime() + REGRADE_INTERVAL_MS) : null;
    return { from, to };
  }

  /** Records a grade change: its audit event and `ai_system.regraded`. */
  recordRegrade(work: Work, system: AISystem, change: Regrade, reason: string): void {
    work.audit({
      action: 'ai_system.regraded',
      entityType: 'AISystem',
      entityId: system.id,
      changes: { grade: change, reason },
    });
    work.emit('ai_system.regraded', {
      aiSystemId: system.id,
      name: system.name,
      fromGrade: change.from,
      toGrade: change.to,
      reason,
    });
  }

  /**
   * Replaces the organisation's rule table and re-grades every AI system with it, in one transaction.
   * Systems whose grade moves emit `ai_system.regraded` and put their risks up for review.
   */
  async updateRuleTable(
    actor: Actor,
    input: UpdateTc260RuleTableInput,
  ): Promise<{ ruleTable: EffectiveRuleTable; regraded: AISystem[] }> {
    const problems = validateTc260RuleTable(input);
    if (problems.length > 0) {
      throw new BadUserInput(problems.map((p) => ({ field: `input.${p.field}`, message: p.message })));
    }
    const rules = normaliseTc260RuleTable(input);
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(Tc260RuleTableEntity);
      const before = await this.ruleTable(actor.organisationId, work.manager);
      const existing = await repo.findOneBy({ organisationId: actor.organisationId });
      const saved = existing
        ? await repo.save(Object.assign(existing, { rules }))
        : await repo.save(repo.create({ organisationId: actor.organisationId, rules }));
      work.audit({
        action: 'tc260_rule_table.updated',
        entityType: 'Tc260RuleTable',
        entityId: saved.id,
        changes: {
          rules: {
            from: normaliseTc260RuleTable(before),
            to: rules,
          },
        },
      });

      const systems = await work.manager
        .getRepository(AISystem)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.organisationId = :org', { org: actor.organisationId })
        .orderBy('s.createdAt', 'ASC')
        .addOrderBy('s.id', 'ASC')
        .getMany();
      const regraded: AISystem[] = [];
      for (const system of systems) {
        const change = this.regrade(system, rules);
        if (!change) continue;
        await work.manager.getRepository(AISystem).save(system);
        this.recordRegrade(work, system, change, 'rule table changed');
        regraded.push(system);
      }
      await this.changes.publish(
        work,
        'ai-system.materially-changed',
        regraded.map((s) => s.id),
      );
      return { ruleTable: { ...rules, isDefault: false, updatedAt: saved.updatedAt }, regraded };
    });
  }
}
