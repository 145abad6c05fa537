import { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Work } from './unit-of-work';

/** `{ field: { from, to } }` for the fields that changed. */
export type FieldDiff = Record<string, { from: unknown; to: unknown }>;

/** A field-level diff for audit events: `{ field: { from, to } }` for the fields that changed. */
export function diffFields<T extends object>(
  before: Partial<T> | null,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): FieldDiff {
  const out: FieldDiff = {};
  for (const field of fields) {
    const from = normalise(before?.[field]);
    const to = normalise(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) out[field] = { from, to };
  }
  return out;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** How `changeRow` records one change to a row. */
export interface AuditedChange<T> {
  entity: EntityTarget<T>;
  entityType: string;
  action: string;
  /** The fields whose before and after the audit event records. */
  fields: readonly (keyof T & string)[];
  /**
   * Save and audit even when none of `fields` changed (a transition recorded for its own sake). Without it an
   * unchanged row is neither saved nor audited.
   */
  always?: boolean;
  /** More for the audit event next to the diff, read after the change. */
  details?: (row: T) => Record<string, unknown>;
}

/**
 * The one shape of an audited change to a row the caller has locked in its unit of work: copy, mutate, diff,
 * save, audit. Returns the diff, or `null` when nothing changed and `always` is not set (then nothing is
 * saved or audited). Outbox events stay with the caller, which knows their payload.
 */
export async function changeRow<T extends ObjectLiteral & { id: string }>(
  work: Work,
  row: T,
  change: AuditedChange<T>,
  mutate: (row: T) => void,
): Promise<FieldDiff | null> {
  const before = { ...row };
  mutate(row);
  const diff = diffFields(before, row, change.fields);
  if (!change.always && Object.keys(diff).length === 0) return null;
  await work.manager.getRepository(change.entity).save(row);
  work.audit({
    action: change.action,
    entityType: change.entityType,
    entityId: row.id,
    changes: { ...diff, ...change.details?.(row) },
  });
  return diff;
}
