import { MappingRelationship as R } from '@aims/catalog';
import {
  carriedStatus,
  computeCoverage,
  CoverageBasis,
  CoverageStatus as C,
  coverRequirement,
  ImplementationStatus,
  OwnAssessment,
  ownStatus,
  RequirementRef,
  summarise,
} from './coverage';

const ref = (framework: string, refId: string): RequirementRef => ({
  urn: `urn:test:${framework}:${refId}`,
  refId,
  title: `${refId} title`,
  framework,
});
const own = (
  status: ImplementationStatus | null,
  evidence = 0,
  source: 'CHECKLIST' | 'SOA' | 'STATEMENT' = 'CHECKLIST',
): OwnAssessment => ({
  implementation: status ? { status, source, entityId: `${status}-entity` } : null,
  evidenceItemIds: Array.from({ length: evidence }, (_, i) => `ev-${i}`),
});

describe('ownStatus', () => {
  it.each([
    ['IMPLEMENTED', 2, C.FULL],
    ['IMPLEMENTED', 0, C.PARTIAL],
    ['IN_PROGRESS', 1, C.PARTIAL],
    ['IN_PROGRESS', 0, C.PARTIAL],
    ['NOT_STARTED', 1, C.PARTIAL],
    ['NOT_STARTED', 0, C.NONE],
    ['NOT_APPLICABLE', 0, C.NOT_APPLICABLE],
    ['NOT_APPLICABLE', 3, C.NOT_APPLICABLE],
    // Evidence alone, without a conformity statement, never makes a requirement FULL.
    [null, 1, C.PARTIAL],
    [null, 3, C.PARTIAL],
    [null, 0, C.NONE],
  ] as const)('%s with %i evidence → %s', (status, evidence, expected) => {
    expect(ownStatus(own(status, evidence))).toBe(expected);
  });
});

describe('carriedStatus', () => {
  it.each([
    [C.FULL, R.EQUAL, C.FULL],
    [C.FULL, R.SUPERSET, C.FULL],
    [C.FULL, R.SUBSET, C.PARTIAL],
    [C.FULL, R.INTERSECT, C.PARTIAL],
    [C.FULL, R.RELATED, C.NONE],
    [C.PARTIAL, R.EQUAL, C.PARTIAL],
    [C.PARTIAL, R.SUPERSET, C.PARTIAL],
    [C.PARTIAL, R.SUBSET, C.PARTIAL],
    [C.PARTIAL, R.INTERSECT, C.PARTIAL],
    [C.PARTIAL, R.RELATED, C.NONE],
    [C.NONE, R.EQUAL, C.NONE],
    [C.NONE, R.SUBSET, C.NONE],
    [C.NOT_APPLICABLE, R.EQUAL, C.NONE],
  ])('a %s requirement carries %s over %s', (source, relationship, expected) => {
    expect(carriedStatus(source, relationship)).toBe(expected);
  });
});

describe('coverRequirement', () => {
  const target = ref('NIST AI RMF', 'GOVERN 1.1');
  const clause = ref('ISO/IEC 42001', '4.1');
  const control = ref('ISO/IEC 42001', 'A.2.2');
  const mapped = (requirement: RequirementRef, relationship: R, assessment: OwnAssessment) => ({
    requirement,
    relationship,
    own: assessment,
  });

  it('decides on the requirement’s own assessment when it says anything, ignoring mappings', () => {
    const result = coverRequirement({
      requirement: clause,
      own: own('IMPLEMENTED', 2),
      mappings: [mapped(control, R.EQUAL, own('NOT_STARTED'))],
    });
    expect(result).toMatchObject({
      status: C.FULL,
      basis: CoverageBasis.OWN,
      reason: 'own: checklist IMPLEMENTED, 2 accepted evidence',
      evidenceItemIds: ['ev-0', 'ev-1'],
      paths: [],
    });
    expect(
      coverRequirement({ requirement: clause, own: own('NOT_APPLICABLE', 0, 'SOA'), mappings: [] }),
    ).toMatchObject({
      status: C.NOT_APPLICABLE,
      basis: CoverageBasis.OWN,
      reason: 'own: SoA NOT_APPLICABLE, 0 accepted evidence',
    });
    expect(coverRequirement({ requirement: target, own: own(null, 1), mappings: [] })).toMatchObject({
      status: C.PARTIAL,
      reason:
        'own: 1 accepted evidence, evidence only (capped at PARTIAL): no checklist, SoA or conformity statement',
    });
  });

  it('counts evidence up to FULL once a conformity statement says IMPLEMENTED, and says which', () => {
    const art9 = ref('EU AI Act', 'Art. 9');
    expect(
      coverRequirement({ requirement: art9, own: own('IMPLEMENTED', 1, 'STATEMENT'), mappings: [] }),
    ).toMatchObject({
      status: C.FULL,
      basis: CoverageBasis.OWN,
      reason: 'own: conformity statement IMPLEMENTED, 1 accepted evidence',
    });
    expect(
      coverRequirement({ requirement: art9, own: own('IN_PROGRESS', 1, 'STATEMENT'), mappings: [] }).status,
    ).toBe(C.PARTIAL);
  });

  it.each([
    [R.EQUAL, C.FULL],
    [R.SUPERSET, C.FULL],
    [R.SUBSET, C.PARTIAL],
    [R.INTERSECT, C.PARTIAL],
  ])('borrows over %s from a FULL mapped requirement: %s, with the path', (relationship, expected) => {
    const result = coverRequirement({
      requirement: target,
      own: own(null),
      mappings: [mapped(clause, relationship, own('IMPLEMENTED', 2))],
    });
    expect(result).toMatchObject({ status: expected, basis: CoverageBasis.MAPPING });
    expect(result.reason).toBe(
      `NIST AI RMF GOVERN 1.1 ← ${relationship} ← ISO/IEC 42001 4.1 (IMPLEMENTED, 2 evidence)`,
    );
    expect(result.paths).toEqual([
      {
        requirement: clause,
        relationship,
        implementationStatus: 'IMPLEMENTED',
        evidenceCount: 2,
        sourceStatus: C.FULL,
        carried: expected,
      },
    ]);
  });

  it('treats RELATED as informative: NONE, but the reason names the related requirement', () => {
    const result = coverRequirement({
      requirement: target,
      own: own(null),
      mappings: [
        mapped(clause, R.RELATED, own('IMPLEMENTED', 2)),
        mapped(control, R.RELATED, own('NOT_STARTED')),
      ],
    });
    expect(result).toMatchObject({ status: C.NONE, basis: CoverageBasis.NONE });
    expect(result.reason).toBe(
      'no cycle status and no accepted evidence; informative: NIST AI RMF GOVERN 1.1 ← RELATED ← ISO/IEC 42001 4.1 (IMPLEMENTED, 2 evidence)',
    );
    expect(result.paths.map((p) => [p.requirement.refId, p.carried])).toEqual([['4.1', C.NONE]]);
  });

  it('takes the best carried status, lists every path that carried it, then the informative ones', () => {
    const other = ref('ISO/IEC 42001', '6.2');
    const result = coverRequirement({
      requirement: target,
      own: own('NOT_STARTED'),
      mappings: [
        mapped(control, R.SUBSET, own('IMPLEMENTED', 1)),
        mapped(other, R.RELATED, own('IN_PROGRESS')),
        mapped(clause, R.EQUAL, own('IN_PROGRESS')),
      ],
    });
    expect(result.status).toBe(C.PARTIAL);
    expect(result.paths.map((p) => [p.requirement.refId, p.carried])).toEqual([
      ['4.1', C.PARTIAL],
      ['A.2.2', C.PARTIAL],
      ['6.2', C.NONE],
    ]);
    expect(result.reason).toContain(
      'informative: NIST AI RMF GOVERN 1.1 ← RELATED ← ISO/IEC 42001 6.2 (IN_PROGRESS, 0 evidence)',
    );
  });

  it('carries nothing from NOT_APPLICABLE or uncovered requirements', () => {
    const result = coverRequirement({
      requirement: target,
      own: own(null),
      mappings: [
        mapped(clause, R.EQUAL, own('NOT_APPLICABLE')),
        mapped(control, R.SUPERSET, own('NOT_STARTED')),
      ],
    });
    expect(result).toMatchObject({ status: C.NONE, basis: CoverageBasis.NONE, paths: [] });
    expect(result.reason).toBe(
      'no cycle status and no accepted evidence; 2 mapped requirement(s), none covered',
    );
    expect(coverRequirement({ requirement: target, own: own('NOT_STARTED'), mappings: [] }).reason).toBe(
      'own: checklist NOT_STARTED, 0 accepted evidence; no mapped requirement',
    );
  });
});

describe('summarise', () => {
  it.each([
    [
      [C.FULL, C.PARTIAL, C.NONE, C.NOT_APPLICABLE],
      { total: 4, full: 1, partial: 1, none: 1, notApplicable: 1, percentage: 50 },
    ],
    [[C.FULL, C.FULL, C.FULL], { total: 3, full: 3, partial: 0, none: 0, notApplicable: 0, percentage: 100 }],
    [
      [C.PARTIAL, C.NONE, C.NONE],
      { total: 3, full: 0, partial: 1, none: 2, notApplicable: 0, percentage: 16.7 },
    ],
    [[C.NOT_APPLICABLE], { total: 1, full: 0, partial: 0, none: 0, notApplicable: 1, percentage: null }],
    [[], { total: 0, full: 0, partial: 0, none: 0, notApplicable: 0, percentage: null }],
  ])('%j → %j', (statuses, expected) => {
    expect(summarise(statuses)).toEqual(expected);
  });

  it('summarises what computeCoverage derived', () => {
    const result = computeCoverage([
      { requirement: ref('X', '1'), own: own('IMPLEMENTED', 1), mappings: [] },
      { requirement: ref('X', '2'), own: own(null), mappings: [] },
    ]);
    expect(result.requirements.map((r) => r.status)).toEqual([C.FULL, C.NONE]);
    expect(result.summary).toMatchObject({ full: 1, none: 1, percentage: 50 });
  });
});
