import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChangeHook, diffFields, UnitOfWork } from '@aims/audit-log';
import { Actor, actorId, BadUserInput, Clock, Conflict, FieldProblem, lockTenantRow } from '@aims/platform';
import { AssessRiskInput, ScoreInput } from './dto/risk.inputs';
import { RiskAssessment } from './risk-assessment.entity';
import { EffectiveRiskCriteria, RiskCriteriaService } from './risk-criteria.service';
import { isAboveAppetite } from './risk-level';
import { currentLevel, rescoreRisk } from './risk-scoring';
import { RiskStatus } from './risk-status';
import { Risk } from './risk.entity';

const SCORE_FIELDS = [
  'inherentLikelihood',
  'inherentConsequence',
  'inherentLevel',
  'residualLikelihood',
  'residualConsequence',
  'residualLevel',
  'status',
  'nextReviewAt',
  'reviewRequestedAt',
] as const;

/** Scoring a risk: each assessment is a snapshot in the risk’s history (23894 6.4.3, 6.4.4). */
@Injectable()
export class RiskAssessmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly criteria: RiskCriteriaService,
    private readonly changes: ChangeHook,
  ) {}

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
      await this.saveScores(work.manager, before, risk);

      const label = (level: number | null) => (level === null ? null : criteria.levels[level].label);
      const assessment = await this.insertSnapshot(
        work.manager,
        work.manager.getRepository(RiskAssessment).create({
          organisationId: actor.organisationId,
          riskId: risk.id,
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

  /** Writes the columns the assessment changed, in one UPDATE (no read to diff against: the row is locked). */
  private async saveScores(manager: EntityManager, before: Risk, risk: Risk): Promise<void> {
    const changed = (Object.keys(risk) as (keyof Risk)[]).filter((key) => risk[key] !== before[key]);
    const { raw } = await manager
      .createQueryBuilder()
      .update(Risk)
      .set(Object.fromEntries(changed.map((key) => [key, risk[key]])))
      .where('id = :id AND organisation_id = :org', { id: risk.id, org: risk.organisationId })
      .returning('updated_at')
      .execute();
    risk.updatedAt = (raw as { updated_at: Date }[])[0].updated_at;
  }

  /**
   * Inserts the snapshot with the next sequence of its risk, counted in the same statement (the risk row
   * is locked, so no other assessment of it can interleave).
   */
  private async insertSnapshot(manager: EntityManager, assessment: RiskAssessment): Promise<RiskAssessment> {
    const { raw } = await manager
      .createQueryBuilder()
      .insert()
      .into(RiskAssessment)
      .values({
        ...assessment,
        sequence: () =>
          '(SELECT coalesce(max(sequence), 0) + 1 FROM risk_assessment WHERE risk_id = :riskId)',
      })
      .setParameter('riskId', assessment.riskId)
      .returning(['id', 'sequence', 'created_at', 'updated_at'])
      .execute();
    const [row] = raw as { id: string; sequence: number; created_at: Date; updated_at: Date }[];
    return Object.assign(assessment, {
      id: row.id,
      sequence: row.sequence,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
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
}
