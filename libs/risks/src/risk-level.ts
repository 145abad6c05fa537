/**
 * Risk criteria (ISO 31000 6.3.4, ISO/IEC 23894 6.3.4) and the level arithmetic built on them. Pure: the
 * server computes every level with these functions and never takes one from input.
 */

export interface ScalePoint {
  /** 1-based position on the scale. */
  value: number;
  label: string;
  description: string | null;
}

export interface LevelDefinition {
  /** 0-based, lowest level first: the numbers the grid holds. */
  index: number;
  label: string;
  /** How often a risk at this level is reviewed (ISO/IEC 23894 6.6). */
  reviewCadenceDays: number;
}

export interface RiskCriteriaDefinition {
  likelihoodScale: ScalePoint[];
  consequenceScale: ScalePoint[];
  levels: LevelDefinition[];
  /** `grid[likelihood - 1][consequence - 1]` is a level index. */
  grid: number[][];
  /** The highest level the organisation is willing to retain without treatment; above it treatment is mandatory. */
  appetiteLevel: number;
}

export const MIN_SCALE = 3;
export const MAX_SCALE = 7;
export const MIN_LEVELS = 2;
export const MAX_LEVELS = 7;
export const MAX_CADENCE_DAYS = 3650;
const DAY_MS = 24 * 3600 * 1000;

const scale = (labels: string[]): ScalePoint[] =>
  labels.map((label, i) => ({ value: i + 1, label, description: null }));

/**
 * The common 5×5 default for new organisations (neither ISO 31000 nor ISO/IEC 23894 prescribes a matrix):
 * likelihood rare … almost certain, consequence minor … catastrophic, five levels reviewed every
 * 365/365/180/90/30 days, appetite up to medium. Organisations that existed before this grid keep the one
 * they had (README, "Risk criteria").
 */
export const DEFAULT_RISK_CRITERIA: RiskCriteriaDefinition = {
  likelihoodScale: scale(['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain']),
  consequenceScale: scale(['Minor', 'Moderate', 'Major', 'Severe', 'Catastrophic']),
  levels: [
    { index: 0, label: 'Very low', reviewCadenceDays: 365 },
    { index: 1, label: 'Low', reviewCadenceDays: 365 },
    { index: 2, label: 'Medium', reviewCadenceDays: 180 },
    { index: 3, label: 'High', reviewCadenceDays: 90 },
    { index: 4, label: 'Very high', reviewCadenceDays: 30 },
  ],
  // Banded on likelihood × consequence, except that a catastrophic consequence is never below high, so with
  // the default appetite it always needs treatment (a rare catastrophic AI harm must not be retained unseen).
  grid: [
    [0, 0, 1, 1, 3],
    [0, 1, 2, 2, 3],
    [1, 2, 2, 3, 3],
    [1, 2, 3, 3, 4],
    [2, 3, 3, 4, 4],
  ],
  appetiteLevel: 2,
};

/** The level of likelihood × consequence, or null when either lies outside the scales. */
export function riskLevel(
  criteria: RiskCriteriaDefinition,
  likelihood: number,
  consequence: number,
): number | null {
  const inScale = (v: number, s: ScalePoint[]) => Number.isInteger(v) && v >= 1 && v <= s.length;
  if (!inScale(likelihood, criteria.likelihoodScale) || !inScale(consequence, criteria.consequenceScale))
    return null;
  return criteria.grid[likelihood - 1][consequence - 1];
}

export function isAboveAppetite(criteria: RiskCriteriaDefinition, level: number): boolean {
  return level > criteria.appetiteLevel;
}

/** When a risk at `level`, last assessed at `from`, is next due for review. */
export function reviewDueAt(criteria: RiskCriteriaDefinition, level: number, from: Date): Date {
  return new Date(from.getTime() + criteria.levels[level].reviewCadenceDays * DAY_MS);
}

export type CriteriaField = 'likelihoodScale' | 'consequenceScale' | 'levels' | 'grid' | 'appetiteLevel';

export interface CriteriaProblem {
  field: CriteriaField;
  message: string;
}

function labelProblems(field: CriteriaField, labels: string[]): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  if (labels.some((l) => l.trim() === '')) problems.push({ field, message: 'labels must not be empty' });
  const lower = labels.map((l) => l.trim().toLowerCase());
  if (new Set(lower).size !== lower.length) problems.push({ field, message: 'labels must be unique' });
  return problems;
}

/**
 * Criteria are usable when both scales have 3 to 7 points, the grid has one row per likelihood and one
 * column per consequence, every cell names a level, levels never fall as likelihood or consequence rises,
 * higher levels are reviewed at least as often as lower ones, and the appetite is one of the levels.
 */
export function validateRiskCriteria(c: RiskCriteriaDefinition): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  for (const field of ['likelihoodScale', 'consequenceScale'] as const) {
    const points = c[field];
    if (points.length < MIN_SCALE || points.length > MAX_SCALE) {
      problems.push({ field, message: `must have ${MIN_SCALE} to ${MAX_SCALE} points` });
    }
    problems.push(
      ...labelProblems(
        field,
        points.map((p) => p.label),
      ),
    );
  }

  const levelCount = c.levels.length;
  if (levelCount < MIN_LEVELS || levelCount > MAX_LEVELS) {
    problems.push({ field: 'levels', message: `must have ${MIN_LEVELS} to ${MAX_LEVELS} levels` });
  }
  problems.push(
    ...labelProblems(
      'levels',
      c.levels.map((l) => l.label),
    ),
  );
  const cadences = c.levels.map((l) => l.reviewCadenceDays);
  if (cadences.some((d) => !Number.isInteger(d) || d < 1 || d > MAX_CADENCE_DAYS)) {
    problems.push({ field: 'levels', message: `review cadence must be 1 to ${MAX_CADENCE_DAYS} days` });
  } else if (cadences.some((d, i) => i > 0 && d > cadences[i - 1])) {
    problems.push({
      field: 'levels',
      message: 'a higher level must be reviewed at least as often as a lower one',
    });
  }

  const rows = c.likelihoodScale.length;
  const cols = c.consequenceScale.length;
  const g = c.grid;
  if (g.length !== rows || g.some((row) => row.length !== cols)) {
    problems.push({
      field: 'grid',
      message: `must have ${rows} rows (one per likelihood) of ${cols} levels (one per consequence)`,
    });
  } else if (g.some((row) => row.some((v) => !Number.isInteger(v) || v < 0 || v >= levelCount))) {
    problems.push({ field: 'grid', message: `every cell must be a level index from 0 to ${levelCount - 1}` });
  } else if (
    g.some((row, l) => row.some((v, k) => (k > 0 && v < row[k - 1]) || (l > 0 && v < g[l - 1][k])))
  ) {
    problems.push({ field: 'grid', message: 'levels must not decrease as likelihood or consequence rises' });
  }

  if (!Number.isInteger(c.appetiteLevel) || c.appetiteLevel < 0 || c.appetiteLevel >= levelCount) {
    problems.push({ field: 'appetiteLevel', message: `must be a level index from 0 to ${levelCount - 1}` });
  }
  return problems;
}

export interface ReviewFacts {
  closed: boolean;
  /** The level that governs review: residual once assessed, inherent before. */
  level: number | null;
  lastAssessedAt: Date | null;
  /** Set when a material change of a linked AI system asked for a review now. */
  reviewRequestedAt: Date | null;
}

/**
 * When a risk is next due for review (ISO/IEC 23894 6.6): the cadence of its level from its last
 * assessment, brought forward to any review a material change has asked for. Closed risks are not reviewed.
 */
export function scheduleReview(criteria: RiskCriteriaDefinition, facts: ReviewFacts): Date | null {
  if (facts.closed) return null;
  const due =
    facts.level !== null && facts.lastAssessedAt
      ? reviewDueAt(criteria, facts.level, facts.lastAssessedAt)
      : null;
  const requested = facts.reviewRequestedAt;
  if (due && requested) return due < requested ? due : requested;
  return due ?? requested;
}
