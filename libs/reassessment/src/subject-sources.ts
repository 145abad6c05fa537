import { AI_SYSTEM_REGRADE_DUE, IMPACT_ASSESSMENT_REVIEW_DUE } from '@aims/ai-systems';
import { EventType } from '@aims/audit-log';
import { CORRECTIVE_ACTION_OVERDUE } from '@aims/cycles';
import { EVIDENCE_EXPIRED, evidenceExpiring } from '@aims/evidence';
import { DueWorkQuery } from '@aims/platform';
import { RISK_ACCEPTANCE_EXPIRED, RISK_REVIEW_DUE, riskAcceptanceExpiring } from '@aims/risks';
import { EXPIRY_THRESHOLDS_DAYS, expiryThresholdSql, NO_THRESHOLD } from './due-rules';
import { ReassessmentKind, ReassessmentSubjectType } from './reassessment.enums';

/**
 * Where one kind of due work comes from: the owning domain's query over its own table (`$1` is the sweep's
 * time; every `where` repeats the predicate of a partial index on `due`, so batches cost the same however
 * large the table), and what reassessment makes of it.
 */
export interface SubjectSource extends DueWorkQuery {
  kind: ReassessmentKind;
  subjectType: ReassessmentSubjectType;
  /** The domain event emitted with `reassessment.created` for each new task, if any. */
  event?: EventType;
  /** Key naming the subject in event payloads (`riskId`, ...). */
  subjectKey: string;
  threshold: string;
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
    ...RISK_REVIEW_DUE,
    threshold: String(NO_THRESHOLD),
  },
  {
    kind: K.RISK_ACCEPTANCE_EXPIRING,
    subjectType: T.RISK,
    subjectKey: 'riskId',
    ...riskAcceptanceExpiring(HORIZON),
    threshold: expiryThresholdSql('s.accepted_until', '$1'),
    supersedes: K.RISK_ACCEPTANCE_EXPIRING,
  },
  {
    // The risk service reopens the risk and emits `risk.acceptance_expired` in the same transaction.
    kind: K.RISK_ACCEPTANCE_EXPIRED,
    subjectType: T.RISK,
    subjectKey: 'riskId',
    ...RISK_ACCEPTANCE_EXPIRED,
    threshold: String(NO_THRESHOLD),
    supersedes: K.RISK_ACCEPTANCE_EXPIRING,
  },
];

export const AI_SYSTEM_SOURCES: SubjectSource[] = [
  {
    kind: K.AI_SYSTEM_REGRADE_DUE,
    subjectType: T.AI_SYSTEM,
    subjectKey: 'aiSystemId',
    ...AI_SYSTEM_REGRADE_DUE,
    threshold: String(NO_THRESHOLD),
  },
  {
    kind: K.IMPACT_ASSESSMENT_REVIEW_DUE,
    subjectType: T.IMPACT_ASSESSMENT,
    subjectKey: 'impactAssessmentId',
    ...IMPACT_ASSESSMENT_REVIEW_DUE,
    threshold: String(NO_THRESHOLD),
  },
];

export const EVIDENCE_SOURCES: SubjectSource[] = [
  {
    kind: K.EVIDENCE_EXPIRING,
    subjectType: T.EVIDENCE_ITEM,
    event: 'evidence.expiring',
    subjectKey: 'evidenceItemId',
    ...evidenceExpiring(HORIZON),
    threshold: expiryThresholdSql('s.valid_until', '$1'),
    supersedes: K.EVIDENCE_EXPIRING,
  },
  {
    kind: K.EVIDENCE_EXPIRED,
    subjectType: T.EVIDENCE_ITEM,
    event: 'evidence.expired',
    subjectKey: 'evidenceItemId',
    ...EVIDENCE_EXPIRED,
    threshold: String(NO_THRESHOLD),
    supersedes: K.EVIDENCE_EXPIRING,
  },
];

export const CORRECTIVE_ACTION_SOURCES: SubjectSource[] = [
  {
    kind: K.CORRECTIVE_ACTION_OVERDUE,
    subjectType: T.CORRECTIVE_ACTION,
    event: 'corrective_action.overdue',
    subjectKey: 'correctiveActionId',
    ...CORRECTIVE_ACTION_OVERDUE,
    threshold: String(NO_THRESHOLD),
  },
];
