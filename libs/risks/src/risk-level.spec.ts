import {
  DEFAULT_RISK_CRITERIA,
  isAboveAppetite,
  ReviewFacts,
  reviewDueAt,
  riskLevel,
  RiskCriteriaDefinition,
  scheduleReview,
  validateRiskCriteria,
} from './risk-level';

const labels = (...l: string[]) => l.map((label, i) => ({ value: i + 1, label, description: null }));

/** A custom 4×4 organisation: three levels, appetite at the lowest. */
const FOUR_BY_FOUR: RiskCriteriaDefinition = {
  likelihoodScale: labels('Unlikely', 'Possible', 'Likely', 'Certain'),
  consequenceScale: labels('Minor', 'Significant', 'Serious', 'Critical'),
  levels: [
    { index: 0, label: 'Acceptable', reviewCadenceDays: 365 },
    { index: 1, label: 'Tolerable', reviewCadenceDays: 120 },
    { index: 2, label: 'Intolerable', reviewCadenceDays: 14 },
  ],
  grid: [
    [0, 0, 1, 1],
    [0, 1, 1, 2],
    [1, 1, 2, 2],
    [1, 2, 2, 2],
  ],
  appetiteLevel: 0,
};

describe('riskLevel on the default 5×5 grid', () => {
  const cases: [number, number, number, boolean][] = [
    [1, 1, 0, false],
    [1, 5, 3, true],
    [2, 5, 3, true],
    [2, 3, 2, false],
    [5, 1, 2, false],
    [3, 3, 2, false],
    [2, 4, 2, false],
    [3, 4, 3, true],
    [4, 3, 3, true],
    [4, 5, 4, true],
    [5, 4, 4, true],
    [5, 5, 4, true],
  ];
  it.each(cases)('likelihood %i × consequence %i → level %i (above appetite: %s)', (l, c, level, above) => {
    expect(riskLevel(DEFAULT_RISK_CRITERIA, l, c)).toBe(level);
    expect(isAboveAppetite(DEFAULT_RISK_CRITERIA, level)).toBe(above);
  });

  it('never rates a catastrophic consequence below high, so it is always above the default appetite', () => {
    for (let l = 1; l <= 5; l += 1) {
      const level = riskLevel(DEFAULT_RISK_CRITERIA, l, 5) as number;
      expect([l, level >= 3, isAboveAppetite(DEFAULT_RISK_CRITERIA, level)]).toEqual([l, true, true]);
    }
  });

  it.each([
    [0, 3],
    [6, 3],
    [3, 0],
    [3, 6],
    [2.5, 3],
  ])('rejects likelihood %s × consequence %s outside the scales', (l, c) => {
    expect(riskLevel(DEFAULT_RISK_CRITERIA, l, c)).toBeNull();
  });
});

describe('riskLevel on a custom 4×4 grid', () => {
  const cases: [number, number, number, boolean][] = [
    [1, 1, 0, false],
    [1, 3, 1, true],
    [2, 4, 2, true],
    [4, 1, 1, true],
    [4, 4, 2, true],
  ];
  it.each(cases)('likelihood %i × consequence %i → level %i (above appetite: %s)', (l, c, level, above) => {
    expect(riskLevel(FOUR_BY_FOUR, l, c)).toBe(level);
    expect(isAboveAppetite(FOUR_BY_FOUR, level)).toBe(above);
  });

  it('has no fifth point', () => {
    expect(riskLevel(FOUR_BY_FOUR, 5, 1)).toBeNull();
    expect(riskLevel(FOUR_BY_FOUR, 1, 5)).toBeNull();
  });
});

describe('reviewDueAt', () => {
  const from = new Date('2026-01-01T00:00:00.000Z');
  it.each([
    [0, '2027-01-01T00:00:00.000Z'],
    [1, '2027-01-01T00:00:00.000Z'],
    [2, '2026-06-30T00:00:00.000Z'],
    [3, '2026-04-01T00:00:00.000Z'],
    [4, '2026-01-31T00:00:00.000Z'],
  ])('default level %i → %s', (level, due) => {
    expect(reviewDueAt(DEFAULT_RISK_CRITERIA, level, from).toISOString()).toBe(due);
  });

  it('follows a custom cadence', () => {
    expect(reviewDueAt(FOUR_BY_FOUR, 2, from).toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('validateRiskCriteria', () => {
  const d = DEFAULT_RISK_CRITERIA;
  const sevenBySeven: RiskCriteriaDefinition = {
    ...d,
    likelihoodScale: labels('1', '2', '3', '4', '5', '6', '7'),
    consequenceScale: labels('a', 'b', 'c', 'd', 'e', 'f', 'g'),
    grid: Array.from({ length: 7 }, (_, l) =>
      Array.from({ length: 7 }, (_, c) => Math.min(4, Math.floor((l + c) / 3))),
    ),
  };
  const threeByThree: RiskCriteriaDefinition = {
    likelihoodScale: labels('Low', 'Medium', 'High'),
    consequenceScale: labels('Low', 'Medium', 'High'),
    levels: [
      { index: 0, label: 'Green', reviewCadenceDays: 365 },
      { index: 1, label: 'Red', reviewCadenceDays: 30 },
    ],
    grid: [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ],
    appetiteLevel: 0,
  };
  const cases: { name: string; criteria: RiskCriteriaDefinition; fields: string[] }[] = [
    { name: 'the default 5×5', criteria: d, fields: [] },
    { name: 'a custom 4×4', criteria: FOUR_BY_FOUR, fields: [] },
    { name: 'a 7×7', criteria: sevenBySeven, fields: [] },
    { name: 'a 3×3 with two levels', criteria: threeByThree, fields: [] },
    {
      name: 'a 2-point likelihood scale',
      criteria: {
        ...threeByThree,
        likelihoodScale: labels('Low', 'High'),
        grid: [
          [0, 0, 1],
          [1, 1, 1],
        ],
      },
      fields: ['likelihoodScale'],
    },
    {
      name: 'an 8-point consequence scale',
      criteria: { ...d, consequenceScale: labels('1', '2', '3', '4', '5', '6', '7', '8') },
      fields: ['consequenceScale', 'grid'],
    },
    {
      name: 'duplicate likelihood labels',
      criteria: { ...d, likelihoodScale: labels('Rare', 'rare', 'Possible', 'Likely', 'Almost certain') },
      fields: ['likelihoodScale'],
    },
    {
      name: 'an empty consequence label',
      criteria: { ...d, consequenceScale: labels('Minor', ' ', 'Major', 'Severe', 'Catastrophic') },
      fields: ['consequenceScale'],
    },
    { name: 'a grid with a missing row', criteria: { ...d, grid: d.grid.slice(1) }, fields: ['grid'] },
    {
      name: 'a grid with a short row',
      criteria: { ...d, grid: [...d.grid.slice(0, 4), [2, 3, 3, 4]] },
      fields: ['grid'],
    },
    {
      name: 'a cell naming no level',
      criteria: { ...d, grid: [...d.grid.slice(0, 4), [2, 3, 3, 4, 5]] },
      fields: ['grid'],
    },
    {
      name: 'a level that falls as consequence rises',
      criteria: { ...d, grid: [[0, 1, 0, 1, 1], ...d.grid.slice(1)] },
      fields: ['grid'],
    },
    {
      name: 'a level that falls as likelihood rises',
      criteria: { ...d, grid: [...d.grid.slice(0, 4), [1, 1, 3, 4, 4]] },
      fields: ['grid'],
    },
    {
      name: 'a single level',
      criteria: {
        ...threeByThree,
        levels: threeByThree.levels.slice(0, 1),
        grid: [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
      fields: ['levels'],
    },
    {
      name: 'a higher level reviewed less often',
      criteria: { ...d, levels: d.levels.map((l) => (l.index === 4 ? { ...l, reviewCadenceDays: 400 } : l)) },
      fields: ['levels'],
    },
    {
      name: 'a zero-day cadence',
      criteria: { ...d, levels: d.levels.map((l) => (l.index === 4 ? { ...l, reviewCadenceDays: 0 } : l)) },
      fields: ['levels'],
    },
    {
      name: 'duplicate level labels',
      criteria: { ...d, levels: d.levels.map((l) => ({ ...l, label: l.index > 2 ? 'High' : l.label })) },
      fields: ['levels'],
    },
    {
      name: 'an appetite beyond the levels',
      criteria: { ...d, appetiteLevel: 5 },
      fields: ['appetiteLevel'],
    },
    { name: 'a negative appetite', criteria: { ...d, appetiteLevel: -1 }, fields: ['appetiteLevel'] },
  ];
  it.each(cases)('$name', ({ criteria, fields }) => {
    expect(validateRiskCriteria(criteria).map((p) => p.field)).toEqual(fields);
  });
});

describe('scheduleReview', () => {
  const assessed = new Date('2026-01-01T00:00:00.000Z');
  const requested = new Date('2026-01-10T00:00:00.000Z');
  const cases: [string, ReviewFacts, string | null][] = [
    ['never assessed', { closed: false, level: null, lastAssessedAt: null, reviewRequestedAt: null }, null],
    [
      'very high, 30 days',
      { closed: false, level: 4, lastAssessedAt: assessed, reviewRequestedAt: null },
      '2026-01-31T00:00:00.000Z',
    ],
    [
      'a requested review comes first',
      { closed: false, level: 1, lastAssessedAt: assessed, reviewRequestedAt: requested },
      '2026-01-10T00:00:00.000Z',
    ],
    [
      'an earlier cadence beats a later request',
      {
        closed: false,
        level: 4,
        lastAssessedAt: assessed,
        reviewRequestedAt: new Date('2026-03-01T00:00:00.000Z'),
      },
      '2026-01-31T00:00:00.000Z',
    ],
    [
      'requested before any assessment',
      { closed: false, level: null, lastAssessedAt: null, reviewRequestedAt: requested },
      '2026-01-10T00:00:00.000Z',
    ],
    ['closed', { closed: true, level: 4, lastAssessedAt: assessed, reviewRequestedAt: requested }, null],
  ];
  it.each(cases)('%s', (_, facts, due) => {
    expect(scheduleReview(DEFAULT_RISK_CRITERIA, facts)?.toISOString() ?? null).toBe(due);
  });
});
