import { DueWorkQuery } from '@aims/platform';

/** AI systems whose TC260 grading is due again. */
export const AI_SYSTEM_REGRADE_DUE: DueWorkQuery = {
  from: 'ai_system s',
  where: 's.next_regrade_at IS NOT NULL AND s.next_regrade_at <= $1',
  due: 's.next_regrade_at',
  assignee: 's.owner_id',
  title: 's.name',
};

/** Only the latest approved version of a system's impact assessment is reviewed. */
export const IMPACT_ASSESSMENT_REVIEW_DUE: DueWorkQuery = {
  from: 'impact_assessment s JOIN ai_system sys ON sys.id = s.ai_system_id',
  where:
    "s.status = 'APPROVED' AND s.next_review_at <= $1 AND NOT EXISTS (SELECT 1 FROM impact_assessment n " +
    "WHERE n.ai_system_id = s.ai_system_id AND n.status = 'APPROVED' AND n.version > s.version)",
  due: 's.next_review_at',
  assignee: 'sys.owner_id',
  title: 'sys.name',
};
