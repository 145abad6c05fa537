import { DueWorkQuery } from '@aims/platform';

/** Open risks whose scheduled review has come (23894 6.6). */
export const RISK_REVIEW_DUE: DueWorkQuery = {
  from: 'risk s',
  where: "s.status <> 'CLOSED' AND s.next_review_at <= $1",
  due: 's.next_review_at',
  assignee: 's.owner_id',
  title: 's.title',
};

/** Accepted risks whose acceptance ends within `horizon` (an SQL timestamp). */
export const riskAcceptanceExpiring = (horizon: string): DueWorkQuery => ({
  from: 'risk s',
  where: `s.status = 'ACCEPTED' AND s.accepted_until > $1 AND s.accepted_until <= ${horizon}`,
  due: 's.accepted_until',
  assignee: 's.owner_id',
  title: 's.title',
});

/** Accepted risks whose acceptance has ended. */
export const RISK_ACCEPTANCE_EXPIRED: DueWorkQuery = {
  from: 'risk s',
  where: "s.status = 'ACCEPTED' AND s.accepted_until <= $1",
  due: 's.accepted_until',
  assignee: 's.owner_id',
  title: 's.title',
};
