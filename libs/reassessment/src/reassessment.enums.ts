import { registerEnumType } from '@nestjs/graphql';

/** What a reassessment task asks someone to look at again (docs/domain-rules.md#scheduled-reassessment). */
export enum ReassessmentKind {
  RISK_REVIEW_DUE = 'RISK_REVIEW_DUE',
  RISK_ACCEPTANCE_EXPIRING = 'RISK_ACCEPTANCE_EXPIRING',
  RISK_ACCEPTANCE_EXPIRED = 'RISK_ACCEPTANCE_EXPIRED',
  EVIDENCE_EXPIRING = 'EVIDENCE_EXPIRING',
  EVIDENCE_EXPIRED = 'EVIDENCE_EXPIRED',
  CORRECTIVE_ACTION_OVERDUE = 'CORRECTIVE_ACTION_OVERDUE',
  AI_SYSTEM_REGRADE_DUE = 'AI_SYSTEM_REGRADE_DUE',
  IMPACT_ASSESSMENT_REVIEW_DUE = 'IMPACT_ASSESSMENT_REVIEW_DUE',
}

export enum ReassessmentStatus {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  /** Superseded by a later task for the same subject (a tighter expiry threshold, or the expiry itself). */
  CANCELLED = 'CANCELLED',
}

export enum ReassessmentSubjectType {
  RISK = 'RISK',
  AI_SYSTEM = 'AI_SYSTEM',
  IMPACT_ASSESSMENT = 'IMPACT_ASSESSMENT',
  EVIDENCE_ITEM = 'EVIDENCE_ITEM',
  CORRECTIVE_ACTION = 'CORRECTIVE_ACTION',
}

registerEnumType(ReassessmentKind, { name: 'ReassessmentKind' });
registerEnumType(ReassessmentStatus, { name: 'ReassessmentStatus' });
registerEnumType(ReassessmentSubjectType, { name: 'ReassessmentSubjectType' });
