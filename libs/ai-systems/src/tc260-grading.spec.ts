import {
  ApplicationScale as Scale,
  DEFAULT_TC260_RULE_TABLE,
  gradeTc260,
  IntelligenceLevel as Level,
  normaliseTc260RuleTable,
  ScenarioCriticality as Scenario,
  Tc260Grade as Grade,
  Tc260RuleTable,
  validateTc260RuleTable,
} from './tc260-grading';

describe('gradeTc260 with the default table', () => {
  const cases: [Scenario, Level, Scale, Grade][] = [
    [Scenario.GENERAL, Level.BASIC, Scale.SMALL, Grade.LOW],
    [Scenario.GENERAL, Level.ADVANCED, Scale.MEDIUM, Grade.LOW],
    [Scenario.GENERAL, Level.FRONTIER, Scale.SMALL, Grade.MEDIUM],
    [Scenario.GENERAL, Level.BASIC, Scale.LARGE, Grade.MEDIUM],
    [Scenario.GENERAL, Level.FRONTIER, Scale.LARGE, Grade.HIGH],
    [Scenario.SENSITIVE, Level.BASIC, Scale.SMALL, Grade.MEDIUM],
    [Scenario.SENSITIVE, Level.ADVANCED, Scale.MEDIUM, Grade.HIGH],
    [Scenario.SENSITIVE, Level.ADVANCED, Scale.LARGE, Grade.VERY_HIGH],
    [Scenario.SENSITIVE, Level.FRONTIER, Scale.LARGE, Grade.VERY_HIGH],
    [Scenario.CRITICAL, Level.BASIC, Scale.SMALL, Grade.HIGH],
    [Scenario.CRITICAL, Level.BASIC, Scale.LARGE, Grade.VERY_HIGH],
    [Scenario.CRITICAL, Level.ADVANCED, Scale.MEDIUM, Grade.VERY_HIGH],
    [Scenario.CRITICAL, Level.ADVANCED, Scale.LARGE, Grade.EXTREMELY_SEVERE],
    [Scenario.CRITICAL, Level.FRONTIER, Scale.LARGE, Grade.EXTREMELY_SEVERE],
  ];
  it.each(cases)(
    '%s scenario, %s intelligence, %s scale → %s',
    (scenarioCriticality, intelligenceLevel, applicationScale, grade) => {
      expect(
        gradeTc260({ scenarioCriticality, intelligenceLevel, applicationScale }, DEFAULT_TC260_RULE_TABLE),
      ).toBe(grade);
    },
  );

  it('gives no grade while a factor is unknown', () => {
    expect(
      gradeTc260(
        { scenarioCriticality: Scenario.CRITICAL, intelligenceLevel: null, applicationScale: Scale.LARGE },
        DEFAULT_TC260_RULE_TABLE,
      ),
    ).toBeNull();
  });
});

describe('an organisation-defined table', () => {
  const strict: Tc260RuleTable = {
    base: DEFAULT_TC260_RULE_TABLE.base.map((r) => ({
      ...r,
      grade: r.scenarioCriticality === Scenario.GENERAL ? Grade.MEDIUM : Grade.VERY_HIGH,
    })),
    scaleSteps: [
      { applicationScale: Scale.SMALL, steps: -1 },
      { applicationScale: Scale.MEDIUM, steps: 0 },
      { applicationScale: Scale.LARGE, steps: 4 },
    ],
  };

  it('is valid and replaces the default', () => {
    expect(validateTc260RuleTable(strict)).toEqual([]);
    const factors = {
      scenarioCriticality: Scenario.GENERAL,
      intelligenceLevel: Level.BASIC,
      applicationScale: Scale.SMALL,
    };
    expect(gradeTc260(factors, strict)).toBe(Grade.LOW);
    expect(gradeTc260({ ...factors, applicationScale: Scale.MEDIUM }, strict)).toBe(Grade.MEDIUM);
  });

  it('clamps at the highest grade', () => {
    const factors = {
      scenarioCriticality: Scenario.CRITICAL,
      intelligenceLevel: Level.FRONTIER,
      applicationScale: Scale.LARGE,
    };
    expect(gradeTc260(factors, strict)).toBe(Grade.EXTREMELY_SEVERE);
  });
});

describe('validateTc260RuleTable', () => {
  const d = DEFAULT_TC260_RULE_TABLE;
  const cases: { name: string; table: Tc260RuleTable; fields: string[] }[] = [
    { name: 'the default', table: d, fields: [] },
    { name: 'a missing combination', table: { ...d, base: d.base.slice(1) }, fields: ['base'] },
    { name: 'a duplicated combination', table: { ...d, base: [...d.base, d.base[0]] }, fields: ['base'] },
    {
      name: 'a grade that falls as intelligence rises',
      table: {
        ...d,
        base: d.base.map((r, i) =>
          i === 2 ? { ...r, grade: Grade.LOW } : i === 1 ? { ...r, grade: Grade.HIGH } : r,
        ),
      },
      fields: ['base'],
    },
    {
      name: 'a grade that falls as the scenario becomes more critical',
      table: {
        ...d,
        base: d.base.map((r) =>
          r.scenarioCriticality === Scenario.GENERAL ? { ...r, grade: Grade.EXTREMELY_SEVERE } : r,
        ),
      },
      fields: ['base'],
    },
    {
      name: 'a missing scale',
      table: { ...d, scaleSteps: d.scaleSteps.slice(0, 2) },
      fields: ['scaleSteps'],
    },
    {
      name: 'a duplicated scale',
      table: { ...d, scaleSteps: [...d.scaleSteps, d.scaleSteps[2]] },
      fields: ['scaleSteps'],
    },
    {
      name: 'steps that shrink with scale',
      table: {
        ...d,
        scaleSteps: d.scaleSteps.map((s) => ({ ...s, steps: s.applicationScale === Scale.SMALL ? 2 : 0 })),
      },
      fields: ['scaleSteps'],
    },
    {
      name: 'too many steps',
      table: { ...d, scaleSteps: d.scaleSteps.map((s) => ({ ...s, steps: 5 })) },
      fields: ['scaleSteps'],
    },
  ];
  it.each(cases)('$name', ({ table, fields }) => {
    expect(validateTc260RuleTable(table).map((p) => p.field)).toEqual(fields);
  });

  it('normalises order so equal tables compare equal', () => {
    const shuffled = { base: [...d.base].reverse(), scaleSteps: [...d.scaleSteps].reverse() };
    expect(normaliseTc260RuleTable(shuffled)).toEqual(d);
  });
});
