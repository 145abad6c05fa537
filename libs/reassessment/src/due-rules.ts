/** When reassessment work falls due: pure rules shared by the sweep (SQL) and the API. */

const DAY_MS = 24 * 3600 * 1000;

/** Notice is given 30, 7 and 1 days before an acceptance or a piece of evidence expires (docs/domain-rules.md#evidence and #scheduled-reassessment). */
export const EXPIRY_THRESHOLDS_DAYS = [30, 7, 1] as const;

/** Sentinel stored in `threshold_days` for kinds without thresholds. */
export const NO_THRESHOLD = 0;

/**
 * The tightest threshold reached `expiresAt` − `now` days before expiry, or null when the expiry is more
 * than 30 days away or already past. Only the tightest is used: a "30 days left" notice is noise when 5
 * days are left.
 */
export function expiryThreshold(now: Date, expiresAt: Date): number | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const reached = EXPIRY_THRESHOLDS_DAYS.filter((days) => left <= days * DAY_MS);
  return reached.length > 0 ? Math.min(...reached) : null;
}

/**
 * The same rule as SQL over `column`, for rows already known to expire within the widest threshold;
 * `nowParam` is the placeholder holding the sweep's time.
 */
export function expiryThresholdSql(column: string, nowParam: string): string {
  const tightestFirst = [...EXPIRY_THRESHOLDS_DAYS].sort((a, b) => a - b);
  const widest = tightestFirst.pop() as number;
  const cases = tightestFirst
    .map((days) => `WHEN ${column} <= ${nowParam}::timestamptz + interval '${days} days' THEN ${days}`)
    .join(' ');
  return `(CASE ${cases} ELSE ${widest} END)`;
}

/** OPEN tasks due at or before this instant escalate. */
export function escalationCutoff(now: Date, delayHours: number): Date {
  return new Date(now.getTime() - delayHours * 3600 * 1000);
}

/** An open task is overdue once its due date has passed. */
export function isOverdue(task: { status: string; dueAt: Date }, now: Date): boolean {
  return task.status === 'OPEN' && task.dueAt.getTime() < now.getTime();
}
