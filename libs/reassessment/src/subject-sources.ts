import { EventType } from '@aims/audit-log';
import { EXPIRY_THRESHOLDS_DAYS, expiryThresholdSql, NO_THRESHOLD } from './due-rules';
import { ReassessmentKind, ReassessmentSubjectType } from './reassessment.enums';

/**
 * Where one kind of due work comes from, as SQL over the owning domain's table. `$1` is the sweep's time.
 * Every `where` repeats the predicate of a partial index on `due` so the planner walks that index in
 * (due, id) order: batches cost the same however large the table.
 */
export interface SubjectSource {
  kind: ReassessmentKind;
  subjectType: ReassessmentSubjectType;
  /** The domain event emitted with `reassessment.created` for each new task, if any. */
  event?: EventType;
  /** Key naming the subject in event payloads (`riskId`, ...). */
  subjectKey: string;
  /** `<table> <alias>` plus joins; the alias of the subject's table is `s`. */
  from: string;
  where: string;
  due: string;
  threshold: string;
  assignee: string;
  title: string;
  /** Earlier, now moot, tasks of the subject this kind cancels when created. */
  supersedes?: ReassessmentKind;
}

const HORIZON = `$1::timestamptz + interval '${Math.max(...EXPIRY_THRESHOLDS_DAYS)} days'`;

const K = ReassessmentKind;
const T = ReassessmentSubjectType;

export const RISK_SOURCES: SubjectSource[] = [
  {
    kind: K.RISK_REVIEW_DUE,
    subjectType: T.RISK,
    event: 'risk.review_due',
    subjectKey: 'riskId',
    from: 'risk s',
    where: "s.status <> 'CLOSED' AND s.next_review_at <= $1",
    due: 's.next_review_at',
    threshold: String(NO_THRESHOLD),
    assignee: 's.owner_id',
    title: 's.title',
  },
  {
    kind: K.RISK_ACCEPTANCE_EXPIRING,
    subjectType: T.RISK,
    subjectKey: 'riskId',
    from: 'risk s',
    where: `s.status = 'ACCEPTED' AND s.accepted_until > $1 AND s.accepted_until <= ${HORIZON}`,
    due: 's.accepted_until',
    threshold: expiryThresholdSql('s.accepted_until', '$1'),
    assignee: 's.owner_id',
    title: 's.title',
    supersedes: K.RISK_ACCEPTANCE_EXPIRING,
  },
  {
    // The risk service reopens the risk and emits `risk.acceptance_expired` in the same transaction.
    kind: K.RISK_ACCEPTANCE_EXPIRED,
    subjectType: T.RISK,
    subjectKey: 'riskId',
    from: 'risk s',
    where: "s.status = 'ACCEPTED' AND s.accepted_until <= $1",
    due: 's.accepted_until',
    threshold: String(NO_THRESHOLD),
    assignee: 's.owner_id',
    title: 's.title',
    supersedes: K.RISK_ACCEPTANCE_EXPIRING,
  },
];

export const AI_SYSTEM_SOURCES: SubjectSource[] = [
  {
    kind: K.AI_SYSTEM_REGRADE_DUE,
    subjectType: T.AI_SYSTEM,
    subjectKey: 'aiSystemId',
    from: 'ai_system s',
    where: 's.next_regrade_at IS NOT NULL AND s.next_regrade_at <= $1',
    due: 's.next_regrade_at',
    threshold: String(NO_THRESHOLD),
    assignee: 's.owner_id',
    title: 's.name',
  },
  {
    // Only the latest approved version of a system's impact assessment is reviewed.
    kind: K.IMPACT_ASSESSMENT_REVIEW_DUE,
    subjectType: T.IMPACT_ASSESSMENT,
    subjectKey: 'impactAssessmentId',
    from: 'impact_assessment s JOIN ai_system sys ON sys.id = s.ai_system_id',
    where:
      "s.status = 'APPROVED' AND s.next_review_at <= $1 AND NOT EXISTS (SELECT 1 FROM impact_assessment n " +
      "WHERE n.ai_system_id = s.ai_system_id AND n.status = 'APPROVED' AND n.version > s.version)",
    due: 's.next_review_at',
    threshold: String(NO_THRESHOLD),
    assignee: 'sys.owner_id',
    title: 'sys.name',
  },
];

export const EVIDENCE_SOURCES: SubjectSource[] = [
  {
    kind: K.EVIDENCE_EXPIRING,
    subjectType: T.EVIDENCE_ITEM,
    event: 'evidence.expiring',
    subjectKey: 'evidenceItemId',
    from: 'evidence_item s',
    where: `s.valid_until IS NOT NULL AND s.valid_until >= $1 AND s.valid_until <= ${HORIZON}`,
    due: 's.valid_until',
    threshold: expiryThresholdSql('s.valid_until', '$1'),
    assignee: 's.owner_id',
    title: 's.title',
    supersedes: K.EVIDENCE_EXPIRING,
  },
  {
    // Strictly past `validUntil`, as the evidence library reads EXPIRED.
    kind: K.EVIDENCE_EXPIRED,
    subjectType: T.EVIDENCE_ITEM,
    event: 'evidence.expired',
    subjectKey: 'evidenceItemId',
    from: 'evidence_item s',
    where: 's.valid_until IS NOT NULL AND s.valid_until < $1',
    due: 's.valid_until',
    threshold: String(NO_THRESHOLD),
    assignee: 's.owner_id',
    title: 's.title',
    supersedes: K.EVIDENCE_EXPIRING,
  },
];

export const CORRECTIVE_ACTION_SOURCES: SubjectSource[] = [
  {
    kind: K.CORRECTIVE_ACTION_OVERDUE,
    subjectType: T.CORRECTIVE_ACTION,
    event: 'corrective_action.overdue',
    subjectKey: 'correctiveActionId',
    from: 'corrective_action s',
    where: "s.status = 'OPEN' AND s.due_at < $1",
    due: 's.due_at',
    threshold: String(NO_THRESHOLD),
    assignee: 's.owner_id',
    title: 's.description',
  },
];
