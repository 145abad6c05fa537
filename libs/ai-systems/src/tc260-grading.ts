/**
 * TC260 AI Safety Governance Framework 2.0 grading. The framework names three factors (level of
 * intelligence/capability, attributes of the application scenario, application scale) and five grades
 * (secondary: both rest on secondary sources, see the 2.0 catalog), but publishes no formula, so the rule table is organisation-defined: AIMS ships the documented default
 * below and each organisation may replace it. Pure: no I/O.
 */

export enum Tc260Grade {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  VERY_HIGH = 'VERY_HIGH',
  EXTREMELY_SEVERE = 'EXTREMELY_SEVERE',
}

/** Level of intelligence / capability, lowest first. */
export enum IntelligenceLevel {
  /** Task-specific model or rule-based automation. */
  BASIC = 'BASIC',
  /** General-purpose or generative model acting under close human direction. */
  ADVANCED = 'ADVANCED',
  /** Frontier, reasoning or agentic model able to act with autonomy. */
  FRONTIER = 'FRONTIER',
}

/** Attributes of the application scenario: how much harm the setting allows, lowest first. */
export enum ScenarioCriticality {
  /** Ordinary business or consumer use. */
  GENERAL = 'GENERAL',
  /** Decisions about people's rights, opportunities, money or health. */
  SENSITIVE = 'SENSITIVE',
  /** Critical infrastructure, public safety or security. */
  CRITICAL = 'CRITICAL',
}

/** Application scale, smallest first. */
export enum ApplicationScale {
  /** Internal use or a small, known user group. */
  SMALL = 'SMALL',
  /** An organisation-wide or regional user base. */
  MEDIUM = 'MEDIUM',
  /** The public at large, or a very large population of affected people. */
  LARGE = 'LARGE',
}

export const GRADES = Object.values(Tc260Grade);
export const INTELLIGENCE_LEVELS = Object.values(IntelligenceLevel);
export const SCENARIO_CRITICALITIES = Object.values(ScenarioCriticality);
export const APPLICATION_SCALES = Object.values(ApplicationScale);

export interface Tc260Factors {
  intelligenceLevel: IntelligenceLevel | null;
  scenarioCriticality: ScenarioCriticality | null;
  applicationScale: ApplicationScale | null;
}

/**
 * Base grade for each (scenario, intelligence) pair, then a number of grade steps added for each scale;
 * the result is clamped to LOW…EXTREMELY_SEVERE.
 */
export interface Tc260RuleTable {
  base: {
    scenarioCriticality: ScenarioCriticality;
    intelligenceLevel: IntelligenceLevel;
    grade: Tc260Grade;
  }[];
  scaleSteps: { applicationScale: ApplicationScale; steps: number }[];
}

const base = (scenarioCriticality: ScenarioCriticality, grades: [Tc260Grade, Tc260Grade, Tc260Grade]) =>
  INTELLIGENCE_LEVELS.map((intelligenceLevel, i) => ({
    scenarioCriticality,
    intelligenceLevel,
    grade: grades[i],
  }));

/**
 * The default, organisation-defined table: scenario severity × intelligence level gives a base grade, and
 * a large scale raises it one step. Only a large-scale, critical use of an advanced or frontier system
 * reaches EXTREMELY_SEVERE.
 */
export const DEFAULT_TC260_RULE_TABLE: Tc260RuleTable = {
  base: [
    ...base(ScenarioCriticality.GENERAL, [Tc260Grade.LOW, Tc260Grade.LOW, Tc260Grade.MEDIUM]),
    ...base(ScenarioCriticality.SENSITIVE, [Tc260Grade.MEDIUM, Tc260Grade.HIGH, Tc260Grade.HIGH]),
    ...base(ScenarioCriticality.CRITICAL, [Tc260Grade.HIGH, Tc260Grade.VERY_HIGH, Tc260Grade.VERY_HIGH]),
  ],
  scaleSteps: [
    { applicationScale: ApplicationScale.SMALL, steps: 0 },
    { applicationScale: ApplicationScale.MEDIUM, steps: 0 },
    { applicationScale: ApplicationScale.LARGE, steps: 1 },
  ],
};

export const MAX_SCALE_STEPS = GRADES.length - 1;

/** The grade for a complete set of factors, or null while any factor is unknown. */
export function gradeTc260(factors: Tc260Factors, table: Tc260RuleTable): Tc260Grade | null {
  const { intelligenceLevel, scenarioCriticality, applicationScale } = factors;
  if (!intelligenceLevel || !scenarioCriticality || !applicationScale) return null;
  const row = table.base.find(
    (r) => r.scenarioCriticality === scenarioCriticality && r.intelligenceLevel === intelligenceLevel,
  );
  const scale = table.scaleSteps.find((s) => s.applicationScale === applicationScale);
  if (!row || !scale) throw new Error('TC260 rule table is incomplete; validate it before use');
  const index = GRADES.indexOf(row.grade) + scale.steps;
  return GRADES[Math.min(GRADES.length - 1, Math.max(0, index))];
}

export interface RuleTableProblem {
  field: 'base' | 'scaleSteps';
  message: string;
}

/**
 * A table is usable when it covers every combination exactly once and never lowers the grade as a factor
 * rises (a more capable system, a more critical scenario or a larger scale cannot be graded lower).
 */
export function validateTc260RuleTable(table: Tc260RuleTable): RuleTableProblem[] {
  const problems: RuleTableProblem[] = [];
  const keys = table.base.map((r) => `${r.scenarioCriticality}/${r.intelligenceLevel}`);
  const expected = SCENARIO_CRITICALITIES.flatMap((s) => INTELLIGENCE_LEVELS.map((i) => `${s}/${i}`));
  const missing = expected.filter((k) => !keys.includes(k));
  const duplicated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  if (missing.length > 0)
    problems.push({ field: 'base', message: `missing combinations: ${missing.join(', ')}` });
  if (duplicated.length > 0)
    problems.push({ field: 'base', message: `duplicated combinations: ${duplicated.join(', ')}` });
  if (missing.length === 0 && duplicated.length === 0) {
    const grade = (s: ScenarioCriticality, i: IntelligenceLevel) =>
      GRADES.indexOf(table.base.find((r) => r.scenarioCriticality === s && r.intelligenceLevel === i)!.grade);
    const decreasing = SCENARIO_CRITICALITIES.some((s, si) =>
      INTELLIGENCE_LEVELS.some(
        (i, ii) =>
          (ii > 0 && grade(s, i) < grade(s, INTELLIGENCE_LEVELS[ii - 1])) ||
          (si > 0 && grade(s, i) < grade(SCENARIO_CRITICALITIES[si - 1], i)),
      ),
    );
    if (decreasing) {
      problems.push({
        field: 'base',
        message: 'grades must not decrease as intelligence level or scenario criticality rises',
      });
    }
  }

  const scales = table.scaleSteps.map((s) => s.applicationScale);
  const missingScales = APPLICATION_SCALES.filter((s) => !scales.includes(s));
  if (missingScales.length > 0 || scales.length !== APPLICATION_SCALES.length) {
    problems.push({
      field: 'scaleSteps',
      message: `give exactly one entry for each of ${APPLICATION_SCALES.join(', ')}`,
    });
  } else {
    const steps = APPLICATION_SCALES.map(
      (s) => table.scaleSteps.find((x) => x.applicationScale === s)!.steps,
    );
    if (steps.some((n) => !Number.isInteger(n) || Math.abs(n) > MAX_SCALE_STEPS)) {
      problems.push({
        field: 'scaleSteps',
        message: `steps must be whole numbers from -${MAX_SCALE_STEPS} to ${MAX_SCALE_STEPS}`,
      });
    } else if (steps.some((n, i) => i > 0 && n < steps[i - 1])) {
      problems.push({
        field: 'scaleSteps',
        message: 'steps must not decrease as the application scale grows',
      });
    }
  }
  return problems;
}

/** The table in a canonical order, so that stored tables compare and diff cleanly. */
export function normaliseTc260RuleTable(table: Tc260RuleTable): Tc260RuleTable {
  return {
    base: SCENARIO_CRITICALITIES.flatMap((s) =>
      INTELLIGENCE_LEVELS.map((i) =>
        table.base.find((r) => r.scenarioCriticality === s && r.intelligenceLevel === i)!,
      ),
    ).map((r) => ({
      scenarioCriticality: r.scenarioCriticality,
      intelligenceLevel: r.intelligenceLevel,
      grade: r.grade,
    })),
    scaleSteps: APPLICATION_SCALES.map((s) => table.scaleSteps.find((x) => x.applicationScale === s)!).map(
      (x) => ({
        applicationScale: x.applicationScale,
        steps: x.steps,
      }),
    ),
  };
}
