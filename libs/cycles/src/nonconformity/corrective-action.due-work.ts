import { DueWorkQuery } from '@aims/platform';

/** Open corrective actions past their due date (42001 10.2). */
export const CORRECTIVE_ACTION_OVERDUE: DueWorkQuery = {
  from: 'corrective_action s',
  where: "s.status = 'OPEN' AND s.due_at < $1",
  due: 's.due_at',
  assignee: 's.owner_id',
  title: 's.description',
};
