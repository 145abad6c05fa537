import { NonconformitySeverity, NonconformityStatus } from './nonconformity.enums';
import { FindingType } from '../internal-audit/internal-audit.enums';

/** Rules of nonconformity and corrective action (42001 10.2). Pure. */

/** The severity a finding gives its nonconformity; observations and opportunities are not nonconformities. */
export function severityOfFinding(type: FindingType): NonconformitySeverity | null {
  if (type === FindingType.MAJOR_NONCONFORMITY) return NonconformitySeverity.MAJOR;
  if (type === FindingType.MINOR_NONCONFORMITY) return NonconformitySeverity.MINOR;
  return null;
}

/**
 * An open nonconformity after one of its corrective actions is completed: it closes when that action was
 * verified effective (10.2 d) and no other action is still open; an ineffective action keeps it open until
 * another one works.
 */
export function statusAfterCompletion(effective: boolean, otherOpenActions: number): NonconformityStatus {
  return effective && otherOpenActions === 0 ? NonconformityStatus.CLOSED : NonconformityStatus.OPEN;
}
