import { ImplementationStatus } from './soa.enums';
import { ChecklistStatus } from '../checklist/checklist.enums';

/**
 * When a Statement of Applicability entry counts as decided (42001 6.1.3): included or excluded, with a
 * justification either way, an implementation status when included, and, for a decision carried over from
 * the previous cycle, confirmed again. Pure.
 */
export interface SoADecision {
  applicable: boolean | null;
  justification: string | null;
  implementationStatus: ImplementationStatus | null;
  carriedOver: boolean;
}

export enum SoAGap {
  UNDECIDED = 'UNDECIDED',
  NOT_CONFIRMED = 'NOT_CONFIRMED',
  NO_IMPLEMENTATION_STATUS = 'NO_IMPLEMENTATION_STATUS',
}

/** What keeps the entry from counting as decided, or null when it does. */
export function soaGap(entry: SoADecision): SoAGap | null {
  if (entry.applicable === null || !entry.justification?.trim()) return SoAGap.UNDECIDED;
  if (entry.carriedOver) return SoAGap.NOT_CONFIRMED;
  if (entry.applicable && entry.implementationStatus === null) return SoAGap.NO_IMPLEMENTATION_STATUS;
  return null;
}

export interface SoACompleteness {
  total: number;
  decided: number;
  /** Carried over from the previous cycle and not yet confirmed. */
  awaitingConfirmation: number;
  applicable: number;
  notApplicable: number;
  /** 0–100, rounded down so that 100 means every entry is decided. */
  percent: number;
  complete: boolean;
}

export function soaCompleteness(entries: readonly SoADecision[]): SoACompleteness {
  const decided = entries.filter((e) => soaGap(e) === null);
  const total = entries.length;
  return {
    total,
    decided: decided.length,
    awaitingConfirmation: entries.filter((e) => soaGap(e) === SoAGap.NOT_CONFIRMED).length,
    applicable: decided.filter((e) => e.applicable).length,
    notApplicable: decided.filter((e) => !e.applicable).length,
    percent: total === 0 ? 100 : Math.floor((decided.length * 100) / total),
    complete: decided.length === total,
  };
}

/** A decision that cannot be recorded, as a field problem of `setSoAEntry`, or null. */
export function decisionProblem(decision: {
  applicable: boolean;
  implementationStatus?: ImplementationStatus | null;
}): { field: string; message: string } | null {
  if (!decision.applicable && decision.implementationStatus) {
    return {
      field: 'input.implementationStatus',
      message: 'applies to applicable controls only; leave it out for an excluded control',
    };
  }
  return null;
}

const AS_CHECKLIST_STATUS: Readonly<Record<ImplementationStatus, ChecklistStatus>> = {
  NOT_STARTED: ChecklistStatus.NOT_STARTED,
  IN_PROGRESS: ChecklistStatus.IN_PROGRESS,
  IMPLEMENTED: ChecklistStatus.IMPLEMENTED,
};

/** What an entry says about its control: excluded is NOT_APPLICABLE, else its implementation status. */
export function soaRequirementStatus(
  entry: Pick<SoADecision, 'applicable' | 'implementationStatus'>,
): ChecklistStatus {
  if (entry.applicable === false) return ChecklistStatus.NOT_APPLICABLE;
  return entry.implementationStatus
    ? AS_CHECKLIST_STATUS[entry.implementationStatus]
    : ChecklistStatus.NOT_STARTED;
}
