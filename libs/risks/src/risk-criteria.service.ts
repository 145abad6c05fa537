import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadUserInput, FieldProblem } from '@aims/platform';
import { changeRow, diffFields, readFieldsAsOf, UnitOfWork } from '@aims/audit-log';
import { UpdateRiskCriteriaInput } from './dto/risk-criteria.input';
import { RiskCriteria } from './risk-criteria.entity';
import { DEFAULT_RISK_CRITERIA, RiskCriteriaDefinition, validateRiskCriteria } from './risk-level';
import { Risk } from './risk.entity';
import { rescoreRisk, SCORED_FIELDS } from './risk-scoring';

export interface EffectiveRiskCriteria extends RiskCriteriaDefinition {
  version: number;
  isDefault: boolean;
  updatedAt: Date | null;
}

/** The version the built-in default counts as, so assessments scored under it are labelled too. */
const DEFAULT_VERSION = 1;

/** How many organisations' criteria `cached` keeps (a few kB each). */
const CACHED_ORGANISATIONS = 10_000;

const CRITERIA_FIELDS = ['likelihoodScale', 'consequenceScale', 'levels', 'grid', 'appetiteLevel'] as const;

/** Risk criteria per organisation (ISO 31000 6.3.4, ISO/IEC 23894 6.3.4). */
@Injectable()
export class RiskCriteriaService {
  /** The criteria last read per organisation, oldest read first. */
  private readonly recent = new Map<string, EffectiveRiskCriteria>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * The organisation's criteria as this process last read them, read when it has none. They may be out of
   * date (another replica may have changed them): a write under them checks their version in its own
   * statement and calls `reload` when it moved.
   */
  async cached(organisationId: string, manager: EntityManager): Promise<EffectiveRiskCriteria> {
    return this.recent.get(organisationId) ?? this.reload(organisationId, manager);
  }

  /** Reads the organisation's criteria and keeps them for `cached`. */
  async reload(organisationId: string, manager: EntityManager): Promise<EffectiveRiskCriteria> {
    const criteria = await this.effective(organisationId, manager);
    this.recent.delete(organisationId);
    this.recent.set(organisationId, criteria);
    if (this.recent.size > CACHED_ORGANISATIONS) this.recent.delete(this.recent.keys().next().value!);
    return criteria;
  }

  async effective(
    organisationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EffectiveRiskCriteria> {
    const row = await manager.getRepository(RiskCriteria).findOneBy({ organisationId });
    if (!row) return { ...DEFAULT_RISK_CRITERIA, version: DEFAULT_VERSION, isDefault: true, updatedAt: null };
    return {
      likelihoodScale: row.likelihoodScale,
      consequenceScale: row.consequenceScale,
      levels: row.levels,
      grid: row.grid,
      appetiteLevel: row.appetiteLevel,
      version: row.version,
      isDefault: false,
      updatedAt: row.updatedAt,
    };
  }

  /**
   * The criteria in force at `asOf`: the current ones with every change audited after `asOf` rolled back
   * (the row, created by the first change, is never deleted). `updatedAt` stays the current row's.
   */
  async asOf(organisationId: string, asOf: Date, manager: EntityManager): Promise<EffectiveRiskCriteria> {
    const current = await this.effective(organisationId, manager);
    const row = await manager.getRepository(RiskCriteria).findOneBy({ organisationId });
    if (!row) return current;
    const before = await readFieldsAsOf(
      manager,
      organisationId,
      'RiskCriteria',
      [row.id],
      [...CRITERIA_FIELDS, 'version'],
      asOf,
    );
    const criteria = { ...current, ...before.get(row.id) } as EffectiveRiskCriteria;
    return { ...criteria, isDefault: criteria.version === DEFAULT_VERSION };
  }

  /**
   * Replaces the criteria and, in the same audited transaction, recomputes every risk's levels and next
   * review. Scales cannot shrink below a score a risk already holds: that risk must be reassessed first.
   */
  async update(
    actor: Actor,
    input: UpdateRiskCriteriaInput,
  ): Promise<{ criteria: EffectiveRiskCriteria; recomputed: Risk[] }> {
    const definition: RiskCriteriaDefinition = {
      likelihoodScale: input.likelihoodScale.map((p, i) => ({
        value: i + 1,
        label: p.label,
        description: p.description ?? null,
      })),
      consequenceScale: input.consequenceScale.map((p, i) => ({
        value: i + 1,
        label: p.label,
        description: p.description ?? null,
      })),
      levels: input.levels.map((l, i) => ({
        index: i,
        label: l.label,
        reviewCadenceDays: l.reviewCadenceDays,
      })),
      grid: input.grid,
      appetiteLevel: input.appetiteLevel,
    };
    const problems = validateRiskCriteria(definition);
    if (problems.length > 0)
      throw new BadUserInput(problems.map((p) => ({ field: `input.${p.field}`, message: p.message })));

    return this.uow.run(actor, async (work) => {
      // Changes of one organisation's criteria queue here, so each reads the version the one before it
      // wrote: a version names one definition, which assessments scoring under kept criteria rely on.
      await work.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `aims.risk_criteria:${actor.organisationId}`,
      ]);
      const before = await this.effective(actor.organisationId, work.manager);
      const risks = await work.manager
        .getRepository(Risk)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.organisationId = :org', { org: actor.organisationId })
        .orderBy('r.createdAt', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      this.assertScoresFit(risks, definition);

      const repo = work.manager.getRepository(RiskCriteria);
      const existing = await repo.findOneBy({ organisationId: actor.organisationId });
      const version = before.version + 1;
      const saved = await repo.save(
        existing
          ? Object.assign(existing, definition, { version })
          : repo.create({ organisationId: actor.organisationId, ...definition, version }),
      );
      const criteria: EffectiveRiskCriteria = {
        ...definition,
        version,
        isDefault: false,
        updatedAt: saved.updatedAt,
      };
      work.audit({
        action: 'risk_criteria.updated',
        entityType: 'RiskCriteria',
        entityId: saved.id,
        changes: {
          ...diffFields(before, criteria, CRITERIA_FIELDS),
          version: { from: before.version, to: version },
        },
      });

      const recomputed: Risk[] = [];
      for (const risk of risks) {
        const changed = await changeRow(
          work,
          risk,
          {
            entity: Risk,
            entityType: 'Risk',
            action: 'risk.levels_recomputed',
            fields: SCORED_FIELDS,
            details: () => ({ criteriaVersion: version }),
          },
          (r) => rescoreRisk(r, criteria),
        );
        if (!changed) continue;
        work.emit('risk.updated', {
          riskId: risk.id,
          title: risk.title,
          status: risk.status,
          changedFields: Object.keys(changed),
        });
        recomputed.push(risk);
      }
      return { criteria, recomputed };
    });
  }

  private assertScoresFit(risks: Risk[], c: RiskCriteriaDefinition): void {
    const problems: FieldProblem[] = [];
    const tooHigh = (max: number, pick: (r: Risk) => (number | null)[]) =>
      risks.filter((r) => pick(r).some((v) => v !== null && v > max)).length;
    const likelihood = tooHigh(c.likelihoodScale.length, (r) => [r.inherentLikelihood, r.residualLikelihood]);
    const consequence = tooHigh(c.consequenceScale.length, (r) => [
      r.inherentConsequence,
      r.residualConsequence,
    ]);
    if (likelihood > 0) {
      problems.push({
        field: 'input.likelihoodScale',
        message: `${likelihood} risk(s) hold a likelihood above ${c.likelihoodScale.length}; reassess them before shrinking the scale`,
      });
    }
    if (consequence > 0) {
      problems.push({
        field: 'input.consequenceScale',
        message: `${consequence} risk(s) hold a consequence above ${c.consequenceScale.length}; reassess them before shrinking the scale`,
      });
    }
    if (problems.length > 0) throw new BadUserInput(problems);
  }
}
