import { EvidenceReviewState, EvidenceStatus } from './evidence.enums';

/** Past `validUntil` (strictly): the evidence no longer proves anything (docs/domain-rules.md#evidence freshness). */
export function isExpired(validUntil: Date | null, now: Date): boolean {
  return validUntil !== null && validUntil.getTime() < now.getTime();
}

/**
 * The status every read reports: EXPIRED once `validUntil` has passed, whatever the review state, so it is
 * right before any sweep has run; otherwise the stored review state.
 */
export function effectiveStatus(
  state: EvidenceReviewState,
  validUntil: Date | null,
  now: Date,
): EvidenceStatus {
  return isExpired(validUntil, now) ? EvidenceStatus.EXPIRED : (state as string as EvidenceStatus);
}

/** Accepted and inside its validity window now: the only evidence that counts for coverage. */
export function inForce(
  state: EvidenceReviewState,
  validFrom: Date | null,
  validUntil: Date | null,
  now: Date,
): boolean {
  return (
    state === EvidenceReviewState.ACCEPTED &&
    !isExpired(validUntil, now) &&
    (validFrom === null || validFrom.getTime() <= now.getTime())
  );
}

export enum EvidenceAction {
  /** Add a version (file upload or URL). */
  ADD_VERSION = 'ADD_VERSION',
  SUBMIT = 'SUBMIT',
  REVIEW = 'REVIEW',
  /** Change collectedAt / validFrom / validUntil without a new version. */
  EDIT_VALIDITY = 'EDIT_VALIDITY',
}

const RULES: Record<EvidenceAction, Partial<Record<EvidenceReviewState, string>>> = {
  [EvidenceAction.ADD_VERSION]: {
    [EvidenceReviewState.SUBMITTED]: 'it is under review: wait for the decision before adding a version',
  },
  [EvidenceAction.SUBMIT]: {
    [EvidenceReviewState.SUBMITTED]: 'it is already submitted',
    [EvidenceReviewState.ACCEPTED]: 'it is already accepted: add a new version to submit again',
  },
  [EvidenceAction.REVIEW]: {
    [EvidenceReviewState.DRAFT]: 'only submitted evidence can be reviewed',
    [EvidenceReviewState.ACCEPTED]: 'only submitted evidence can be reviewed',
    [EvidenceReviewState.REJECTED]: 'only submitted evidence can be reviewed',
  },
  [EvidenceAction.EDIT_VALIDITY]: {
    [EvidenceReviewState.SUBMITTED]:
      'the validity of submitted or accepted evidence is what was reviewed: add a new version with the new dates',
    [EvidenceReviewState.ACCEPTED]:
      'the validity of submitted or accepted evidence is what was reviewed: add a new version with the new dates',
  },
};

/** Why `action` is not allowed in `state`, or null when it is. Submitting also needs a version. */
export function actionProblem(
  action: EvidenceAction,
  state: EvidenceReviewState,
  facts: { hasVersion: boolean },
): string | null {
  const rule = RULES[action][state];
  if (rule) return rule;
  if (action === EvidenceAction.SUBMIT && !facts.hasVersion) return 'it has no version yet: upload one first';
  return null;
}
