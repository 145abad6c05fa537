import { diffFields } from '@aims/audit-log';
import { riskLevel, RiskCriteriaDefinition, scheduleReview } from './risk-level';
import { Risk } from './risk.entity';
import { RiskStatus } from './risk-status';

const SCORED_FIELDS = ['inherentLevel', 'residualLevel', 'nextReviewAt'] as const;

/** The level that governs review and acceptance: residual once assessed, inherent before. */
export function currentLevel(risk: Pick<Risk, 'inherentLevel' | 'residualLevel'>): number | null {
  return risk.residualLevel ?? risk.inherentLevel;
}

/**
 * Recomputes a risk's stored levels and next review from its scores and the criteria, in place, and
 * returns what changed as an audit diff. The only place stored levels and review dates are written.
 */
export function rescoreRisk(
  risk: Risk,
  criteria: RiskCriteriaDefinition,
): Record<string, { from: unknown; to: unknown }> {
  const before = { ...risk };
  const level = (l: number | null, c: number | null) =>
    l !== null && c !== null ? riskLevel(criteria, l, c) : null;
  risk.inherentLevel = level(risk.inherentLikelihood, risk.inherentConsequence);
  risk.residualLevel = level(risk.residualLikelihood, risk.residualConsequence);
  risk.nextReviewAt = scheduleReview(criteria, {
    closed: risk.status === RiskStatus.CLOSED,
    level: currentLevel(risk),
    lastAssessedAt: risk.lastAssessedAt,
    reviewRequestedAt: risk.reviewRequestedAt,
  });
  return diffFields(before, risk, SCORED_FIELDS);
}
