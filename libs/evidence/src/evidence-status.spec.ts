import { EvidenceReviewState as S, EvidenceStatus } from './evidence.enums';
import { actionProblem, EvidenceAction as A, effectiveStatus, inForce, isExpired } from './evidence-status';

const now = new Date('2026-06-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe('effectiveStatus', () => {
  it.each([
    [S.DRAFT, null, EvidenceStatus.DRAFT],
    [S.SUBMITTED, at(1), EvidenceStatus.SUBMITTED],
    [S.ACCEPTED, at(1), EvidenceStatus.ACCEPTED],
    [S.ACCEPTED, at(0), EvidenceStatus.ACCEPTED], // the last valid instant
    [S.ACCEPTED, at(-1), EvidenceStatus.EXPIRED],
    [S.REJECTED, at(-1), EvidenceStatus.EXPIRED],
    [S.DRAFT, at(-86400000), EvidenceStatus.EXPIRED],
  ])('%s valid until %s is %s', (state, validUntil, expected) => {
    expect(effectiveStatus(state, validUntil, now)).toBe(expected);
    expect(isExpired(validUntil, now)).toBe(expected === EvidenceStatus.EXPIRED);
  });
});

describe('inForce', () => {
  it.each([
    [S.ACCEPTED, null, null, true],
    [S.ACCEPTED, at(-1), at(1), true],
    [S.ACCEPTED, at(0), at(0), true],
    [S.ACCEPTED, at(1), null, false], // not valid yet
    [S.ACCEPTED, null, at(-1), false], // expired
    [S.SUBMITTED, null, null, false],
    [S.DRAFT, null, null, false],
    [S.REJECTED, null, null, false],
  ])('%s from %s until %s → %s', (state, from, until, expected) => {
    expect(inForce(state, from, until, now)).toBe(expected);
  });
});

describe('actionProblem', () => {
  const ok = null;
  it.each([
    [A.ADD_VERSION, S.DRAFT, true, ok],
    [A.ADD_VERSION, S.REJECTED, true, ok],
    [A.ADD_VERSION, S.ACCEPTED, true, ok],
    [A.ADD_VERSION, S.SUBMITTED, true, /under review/],
    [A.SUBMIT, S.DRAFT, true, ok],
    [A.SUBMIT, S.REJECTED, true, ok],
    [A.SUBMIT, S.DRAFT, false, /no version/],
    [A.SUBMIT, S.SUBMITTED, true, /already submitted/],
    [A.SUBMIT, S.ACCEPTED, true, /already accepted/],
    [A.REVIEW, S.SUBMITTED, true, ok],
    [A.REVIEW, S.DRAFT, true, /only submitted/],
    [A.REVIEW, S.ACCEPTED, true, /only submitted/],
    [A.REVIEW, S.REJECTED, true, /only submitted/],
    [A.EDIT_VALIDITY, S.DRAFT, false, ok],
    [A.EDIT_VALIDITY, S.REJECTED, true, ok],
    [A.EDIT_VALIDITY, S.SUBMITTED, true, /new version/],
    [A.EDIT_VALIDITY, S.ACCEPTED, true, /new version/],
  ])('%s in %s (has version: %s)', (action, state, hasVersion, expected) => {
    const problem = actionProblem(action, state, { hasVersion });
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
