import { FieldProblem } from '@aims/platform';
import { EvidenceItem } from './evidence-item.entity';

export const VALIDITY_FIELDS = ['collectedAt', 'validFrom', 'validUntil'] as const;

/** Dates that may change with a new version or an update; `undefined` leaves a date as it is. */
export interface ValidityChange {
  collectedAt?: Date | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** Problems with validity dates as they would be after `change` (named as input fields). */
export function validityProblems(
  change: ValidityChange,
  item: EvidenceItem | null,
  now: Date,
): FieldProblem[] {
  const pick = (field: keyof ValidityChange) =>
    change[field] !== undefined ? (change[field] ?? null) : (item?.[field] ?? null);
  const from = pick('validFrom');
  const until = pick('validUntil');
  const collected = pick('collectedAt');
  const problems: FieldProblem[] = [];
  if (from && until && until < from)
    problems.push({ field: 'input.validUntil', message: 'must not be before validFrom' });
  if (change.collectedAt && collected && collected > now) {
    problems.push({ field: 'input.collectedAt', message: 'must not be in the future' });
  }
  return problems;
}

export function applyValidity(item: EvidenceItem, change: ValidityChange): void {
  for (const field of VALIDITY_FIELDS) if (change[field] !== undefined) item[field] = change[field] ?? null;
}
