/**
 * Where a risk stands in the ISO/IEC 23894 clause 6 process, and which moves are allowed. Pure.
 *
 * IDENTIFIED (6.4.2) → ANALYSED (6.4.3) → EVALUATED (6.4.4) → TREATING (6.5) → MONITORING (6.6), with
 * ACCEPTED (retained by an informed, time-boxed decision) reachable once evaluated, and CLOSED terminal.
 */
export enum RiskStatus {
  IDENTIFIED = 'IDENTIFIED',
  ANALYSED = 'ANALYSED',
  EVALUATED = 'EVALUATED',
  TREATING = 'TREATING',
  MONITORING = 'MONITORING',
  ACCEPTED = 'ACCEPTED',
  CLOSED = 'CLOSED',
}

const S = RiskStatus;

/** Allowed moves. Going back to ANALYSED is how a review, or an expired acceptance, reopens a risk. */
export const RISK_TRANSITIONS: Readonly<Record<RiskStatus, readonly RiskStatus[]>> = {
  IDENTIFIED: [S.ANALYSED, S.CLOSED],
  ANALYSED: [S.EVALUATED, S.CLOSED],
  EVALUATED: [S.ANALYSED, S.TREATING, S.ACCEPTED, S.CLOSED],
  TREATING: [S.EVALUATED, S.MONITORING, S.ACCEPTED, S.CLOSED],
  MONITORING: [S.ANALYSED, S.TREATING, S.ACCEPTED, S.CLOSED],
  ACCEPTED: [S.ANALYSED, S.TREATING, S.MONITORING, S.ACCEPTED, S.CLOSED],
  CLOSED: [],
};

/** The status an expired acceptance returns the risk to: its evaluation has to be made again. */
export const REOPENED_STATUS = S.ANALYSED;

/** Statuses a caller may ask for directly; ACCEPTED and CLOSED have their own operations and rules. */
export const DIRECTLY_SETTABLE: readonly RiskStatus[] = [S.ANALYSED, S.EVALUATED, S.TREATING, S.MONITORING];

export interface RiskFacts {
  hasInherent: boolean;
  hasResidual: boolean;
  hasTreatment: boolean;
}

/** What the transitions of a risk depend on. */
export function riskFacts(risk: {
  inherentLevel: number | null;
  residualLevel: number | null;
  treatmentOption: unknown;
}): RiskFacts {
  return {
    hasInherent: risk.inherentLevel !== null,
    hasResidual: risk.residualLevel !== null,
    hasTreatment: risk.treatmentOption !== null,
  };
}

/** Why the move `from → to` is not allowed, or null when it is. */
export function transitionProblem(from: RiskStatus, to: RiskStatus, facts: RiskFacts): string | null {
  if (!RISK_TRANSITIONS[from].includes(to)) {
    const allowed = RISK_TRANSITIONS[from];
    return `cannot move from ${from} to ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  }
  if ((to === S.ANALYSED || to === S.EVALUATED || to === S.ACCEPTED) && !facts.hasInherent) {
    return `${to} needs an inherent assessment first`;
  }
  if ((to === S.TREATING || to === S.MONITORING) && !facts.hasTreatment)
    return `${to} needs a treatment option first`;
  if (to === S.MONITORING && !facts.hasResidual) return 'MONITORING needs a residual assessment first';
  return null;
}
