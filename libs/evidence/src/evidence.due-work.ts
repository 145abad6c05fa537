import { DueWorkQuery } from '@aims/platform';

/** Evidence items whose validity ends within `horizon` (an SQL timestamp). */
export const evidenceExpiring = (horizon: string): DueWorkQuery => ({
  from: 'evidence_item s',
  where: `s.valid_until IS NOT NULL AND s.valid_until >= $1 AND s.valid_until <= ${horizon}`,
  due: 's.valid_until',
  assignee: 's.owner_id',
  title: 's.title',
});

/** Strictly past `validUntil`, as the evidence library reads EXPIRED. */
export const EVIDENCE_EXPIRED: DueWorkQuery = {
  from: 'evidence_item s',
  where: 's.valid_until IS NOT NULL AND s.valid_until < $1',
  due: 's.valid_until',
  assignee: 's.owner_id',
  title: 's.title',
};
