import { Injectable } from '@nestjs/common';
import { ChangeHook, diffFields, UnitOfWork, Work } from '@aims/audit-log';
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
   * Returns the criteria it scored under too, for the levels of the response.
   */
  async assess(
    actor: Actor,
    input: AssessRiskInput,
  ): Promise<{ risk: Risk; assessment: RiskAssessment; criteria: EffectiveRiskCriteria }> {
    if (!input.inherent && !input.residual) {
      throw BadUserInput.field('input.inherent', 'give an inherent or a residual score, or both');
    }
    return this.uow.run(actor, async (work) => {
      const locked = await lockTenantRow(work.manager, Risk, 'Risk', actor.organisationId, input.riskId);
      if (locked.status === RiskStatus.CLOSED) throw new Conflict(`Risk ${locked.id} is closed`);
      // The criteria as this process last read them; the write checks they are still current. When they
      // are not, or they refuse the scores (older criteria may), they are read again.
      let criteria = await this.criteria.cached(actor.organisationId, work.manager);
      let scored =
        this.problems(criteria, input, locked).length === 0
          ? await this.score(work, input, locked, criteria)
          : null;
      if (!scored) {
        criteria = await this.criteria.reload(actor.organisationId, work.manager);
        const problems = this.problems(criteria, input, locked);
        if (problems.length > 0) throw new BadUserInput(problems);
        scored = await this.score(work, input, locked, criteria);
        if (!scored) throw new Conflict(`The risk criteria changed while risk ${locked.id} was assessed`);
      }
      const { risk, assessment } = scored;
      const level = currentLevel(risk);
      work.audit({
        action: 'risk.assessed',
        entityType: 'Risk',
        entityId: risk.id,
        changes: {
          ...diffFields(locked, risk, SCORE_FIELDS),
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
      return { risk, assessment, criteria };
    });
  }

  private problems(criteria: EffectiveRiskCriteria, input: AssessRiskInput, risk: Risk): FieldProblem[] {
    const problems = [
      ...this.scoreProblems(criteria, input.inherent, 'input.inherent'),
      ...this.scoreProblems(criteria, input.residual, 'input.residual'),
    ];
    if (input.residual && !input.inherent && risk.inherentLikelihood === null) {
      problems.push({ field: 'input.residual', message: 'assess the inherent risk first' });
    }
    return problems;
  }

  /**
   * The locked risk with the input's scores, written with its snapshot; `null`, with nothing written,
   * when `criteria` are no longer the organisation's.
   */
  private async score(
    work: Work,
    input: AssessRiskInput,
    locked: Risk,
    criteria: EffectiveRiskCriteria,
  ): Promise<{ risk: Risk; assessment: RiskAssessment } | null> {
    const risk = Object.assign(new Risk(), locked);
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
    const label = (level: number | null) => (level === null ? null : criteria.levels[level].label);
    const assessment = Object.assign(new RiskAssessment(), {
      organisationId: risk.organisationId,
      riskId: risk.id,
      assessedAt: now,
      assessedByType: work.actor.type,
      assessedById: actorId(work.actor),
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
    });
    const rows: { id: string; sequence: number; created_at: Date; risk_updated_at: Date }[] =
      await work.manager.query(SCORE_SQL, [
        risk.id,
        risk.organisationId,
        criteria.isDefault ? null : criteria.version,
        risk.inherentLikelihood,
        risk.inherentConsequence,
        risk.inherentLevel,
        risk.residualLikelihood,
        risk.residualConsequence,
        risk.residualLevel,
        risk.status,
        now,
        risk.nextReviewAt,
        assessment.assessedByType,
        assessment.assessedById,
        assessment.inherentLevelLabel,
        assessment.residualLevelLabel,
        assessment.appetiteLevel,
        assessment.criteriaVersion,
        assessment.note,
      ]);
    if (rows.length === 0) return null;
    const [row] = rows;
    risk.updatedAt = row.risk_updated_at;
    return {
      risk,
      assessment: Object.assign(assessment, {
        id: row.id,
        sequence: row.sequence,
        createdAt: row.created_at,
        updatedAt: row.created_at,
      }),
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
}

/**
 * Writes an assessment of a risk the caller has locked, in one statement: the risk's scores, levels,
 * status and next review, and the snapshot with the risk's next sequence number (no other assessment of
 * it can interleave). Only while the organisation's criteria are still at version $3 (null: the built-in
 * default): a change of criteria locks every risk, so one that committed before the lock shows here.
 */
const SCORE_SQL = `
WITH updated AS (
  UPDATE risk
     SET inherent_likelihood = $4, inherent_consequence = $5, inherent_level = $6,
         residual_likelihood = $7, residual_consequence = $8, residual_level = $9, status = $10,
         last_assessed_at = $11, review_requested_at = NULL, next_review_at = $12, updated_at = now()
   WHERE id = $1 AND organisation_id = $2
     AND (SELECT version FROM risk_criteria WHERE organisation_id = $2) IS NOT DISTINCT FROM $3::int
  RETURNING updated_at
)
INSERT INTO risk_assessment (organisation_id, risk_id, sequence, assessed_at, assessed_by_type, assessed_by_id,
                             inherent_likelihood, inherent_consequence, inherent_level, inherent_level_label,
                             residual_likelihood, residual_consequence, residual_level, residual_level_label,
                             appetite_level, criteria_version, status, note)
SELECT $2, $1, (SELECT coalesce(max(sequence), 0) + 1 FROM risk_assessment WHERE risk_id = $1), $11, $13, $14,
       $4, $5, $6, $15, $7, $8, $9, $16, $17, $18, $10, $19
  FROM updated
RETURNING id, sequence, created_at, (SELECT updated_at FROM updated) AS risk_updated_at`;
