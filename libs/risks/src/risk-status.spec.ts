import { RISK_TRANSITIONS, RiskFacts, RiskStatus as S, transitionProblem } from './risk-status';

const all: RiskFacts = { hasInherent: true, hasResidual: true, hasTreatment: true };
const bare: RiskFacts = { hasInherent: false, hasResidual: false, hasTreatment: false };

describe('transitionProblem', () => {
  const allowed: [S, S, RiskFacts][] = [
    [S.IDENTIFIED, S.ANALYSED, { ...bare, hasInherent: true }],
    [S.IDENTIFIED, S.CLOSED, bare],
    [S.ANALYSED, S.EVALUATED, { ...bare, hasInherent: true }],
    [S.EVALUATED, S.TREATING, { ...bare, hasInherent: true, hasTreatment: true }],
    [S.EVALUATED, S.ACCEPTED, { ...bare, hasInherent: true }],
    [S.TREATING, S.MONITORING, all],
    [S.TREATING, S.ACCEPTED, all],
    [S.MONITORING, S.TREATING, all],
    [S.MONITORING, S.ANALYSED, all],
    [S.ACCEPTED, S.ANALYSED, all],
    [S.ACCEPTED, S.ACCEPTED, all],
    [S.ACCEPTED, S.CLOSED, all],
  ];
  it.each(allowed)('%s → %s is allowed', (from, to, facts) => {
    expect(transitionProblem(from, to, facts)).toBeNull();
  });

  const refused: [S, S, RiskFacts, RegExp][] = [
    [S.IDENTIFIED, S.EVALUATED, all, /cannot move from IDENTIFIED to EVALUATED/],
    [S.IDENTIFIED, S.TREATING, all, /cannot move/],
    [S.IDENTIFIED, S.ACCEPTED, all, /cannot move/],
    [S.ANALYSED, S.TREATING, all, /cannot move/],
    [S.ANALYSED, S.ACCEPTED, all, /cannot move/],
    [S.EVALUATED, S.MONITORING, all, /cannot move/],
    [S.CLOSED, S.ANALYSED, all, /cannot move from CLOSED to ANALYSED$/],
    [S.CLOSED, S.CLOSED, all, /cannot move/],
    [S.IDENTIFIED, S.ANALYSED, bare, /needs an inherent assessment/],
    [S.EVALUATED, S.ACCEPTED, bare, /needs an inherent assessment/],
    [S.EVALUATED, S.TREATING, { ...bare, hasInherent: true }, /needs a treatment option/],
    [S.TREATING, S.MONITORING, { ...all, hasResidual: false }, /needs a residual assessment/],
  ];
  it.each(refused)('%s → %s is refused', (from, to, facts, message) => {
    expect(transitionProblem(from, to, facts)).toMatch(message);
  });

  it('makes CLOSED terminal and reachable from every other status', () => {
    expect(RISK_TRANSITIONS[S.CLOSED]).toEqual([]);
    for (const from of Object.values(S).filter((s) => s !== S.CLOSED)) {
      expect(RISK_TRANSITIONS[from]).toContain(S.CLOSED);
    }
  });

  it('never returns to IDENTIFIED', () => {
    for (const from of Object.values(S)) expect(RISK_TRANSITIONS[from]).not.toContain(S.IDENTIFIED);
  });
});
