import { ImplementationStatus as I } from './soa.enums';
import { ChecklistStatus } from '../checklist/checklist.enums';
import {
  decisionProblem,
  SoADecision,
  soaCompleteness,
  SoAGap,
  soaGap,
  soaRequirementStatus,
} from './soa-decision';

const entry = (overrides: Partial<SoADecision> = {}): SoADecision => ({
  applicable: true,
  justification: 'Why',
  implementationStatus: I.IMPLEMENTED,
  carriedOver: false,
  ...overrides,
});

describe('soaGap', () => {
  const cases: [string, Partial<SoADecision>, SoAGap | null][] = [
    ['applicable with a status', {}, null],
    ['excluded with a justification', { applicable: false, implementationStatus: null }, null],
    ['undecided', { applicable: null }, SoAGap.UNDECIDED],
    ['without justification', { justification: null }, SoAGap.UNDECIDED],
    ['with a blank justification', { applicable: false, justification: '  ' }, SoAGap.UNDECIDED],
    ['carried over', { carriedOver: true }, SoAGap.NOT_CONFIRMED],
    ['applicable without a status', { implementationStatus: null }, SoAGap.NO_IMPLEMENTATION_STATUS],
  ];
  it.each(cases)('%s', (_, overrides, gap) => {
    expect(soaGap(entry(overrides))).toBe(gap);
  });
});

describe('soaCompleteness', () => {
  it('counts decided entries, applicable or not, and those awaiting confirmation', () => {
    expect(
      soaCompleteness([
        entry(),
        entry({ applicable: false, implementationStatus: null }),
        entry({ carriedOver: true }),
        entry({ applicable: null, justification: null }),
      ]),
    ).toEqual({
      total: 4,
      decided: 2,
      awaitingConfirmation: 1,
      applicable: 1,
      notApplicable: 1,
      percent: 50,
      complete: false,
    });
  });

  it('rounds down, so that only a decided SoA shows 100', () => {
    const entries = [...Array.from({ length: 199 }, () => entry()), entry({ applicable: null })];
    expect(soaCompleteness(entries)).toMatchObject({ percent: 99, complete: false });
    expect(soaCompleteness([entry()])).toMatchObject({ percent: 100, complete: true });
    expect(soaCompleteness([])).toMatchObject({ total: 0, percent: 100, complete: true });
  });
});

describe('decisionProblem', () => {
  it.each([
    [true, undefined, null],
    [true, I.NOT_STARTED, null],
    [false, undefined, null],
    [false, null, null],
    [false, I.IMPLEMENTED, 'input.implementationStatus'],
  ] as const)('applicable %s with status %s', (applicable, implementationStatus, field) => {
    expect(decisionProblem({ applicable, implementationStatus })?.field ?? null).toBe(field);
  });
});

describe('soaRequirementStatus', () => {
  it.each([
    [false, null, ChecklistStatus.NOT_APPLICABLE],
    [true, I.IMPLEMENTED, ChecklistStatus.IMPLEMENTED],
    [true, I.IN_PROGRESS, ChecklistStatus.IN_PROGRESS],
    [true, null, ChecklistStatus.NOT_STARTED],
    [null, null, ChecklistStatus.NOT_STARTED],
  ] as const)('applicable %s, implementation %s → %s', (applicable, implementationStatus, status) => {
    expect(soaRequirementStatus({ applicable, implementationStatus })).toBe(status);
  });
});
