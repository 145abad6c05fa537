import { riskLevel, RiskCriteriaDefinition, scheduleReview } from './risk-level';
import { Risk } from './risk.entity';
import { RiskStatus } from './risk-status';

/** The fields `rescoreRisk` writes. */
export const SCORED_FIELDS = ['inherentLevel', 'residualLevel', 'nextReviewAt'] as const;

/** The level that governs review and acceptance: residual once assessed, inherent before. */
export function currentLevel(risk: Pick<Risk, 'inherentLevel' | 'residualLevel'>): number | null {
  return risk.residualLevel ?? risk.inherentLevel;
}

/**
 * Recomputes a risk's stored levels and next review (`SCORED_FIELDS`) from its scores and the criteria, in
 * place. The only place stored levels and review dates are written.
 */
export function rescoreRisk(risk: Risk, criteria: RiskCriteriaDefinition): void {
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
}
