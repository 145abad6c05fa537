import { registerEnumType } from '@nestjs/graphql';

/** Where a PDCA cycle stands (contract). A cycle moves one phase forward at a time, through its gates. */
export enum CyclePhase {
  PLAN = 'PLAN',
  DO = 'DO',
  CHECK = 'CHECK',
  ACT = 'ACT',
  CLOSED = 'CLOSED',
}

/** The phase a cycle advances to, or null once it is closed. */
export const NEXT_PHASE: Readonly<Record<CyclePhase, CyclePhase | null>> = {
  PLAN: CyclePhase.DO,
  DO: CyclePhase.CHECK,
  CHECK: CyclePhase.ACT,
  ACT: CyclePhase.CLOSED,
  CLOSED: null,
};

/** Status of a clause checklist item (contract). */
export enum ChecklistStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

/** Implementation status of an applicable control in the Statement of Applicability (42001 6.1.3). */
export enum ImplementationStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
}

export enum SoAEntryOrigin {
  ANNEX_A = 'ANNEX_A',
  ADDED = 'ADDED',
}

export enum InternalAuditStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

/** What an internal audit found (contract). */
export enum FindingType {
  MAJOR_NONCONFORMITY = 'MAJOR_NONCONFORMITY',
  MINOR_NONCONFORMITY = 'MINOR_NONCONFORMITY',
  OBSERVATION = 'OBSERVATION',
  OPPORTUNITY = 'OPPORTUNITY',
}

export enum NonconformitySource {
  AUDIT_FINDING = 'AUDIT_FINDING',
  INCIDENT = 'INCIDENT',
  MANAGEMENT_REVIEW = 'MANAGEMENT_REVIEW',
  OTHER = 'OTHER',
}

export enum NonconformitySeverity {
  MAJOR = 'MAJOR',
  MINOR = 'MINOR',
}

export enum NonconformityStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  CARRIED_FORWARD = 'CARRIED_FORWARD',
}

export enum CorrectiveActionStatus {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  CARRIED_FORWARD = 'CARRIED_FORWARD',
}

/** The inputs a management review considers (42001 9.3.2), in our own words; d) is split in its three parts. */
export enum ManagementReviewTopic {
  PREVIOUS_ACTIONS = 'PREVIOUS_ACTIONS',
  CONTEXT_CHANGES = 'CONTEXT_CHANGES',
  INTERESTED_PARTY_CHANGES = 'INTERESTED_PARTY_CHANGES',
  NONCONFORMITIES_AND_CORRECTIVE_ACTIONS = 'NONCONFORMITIES_AND_CORRECTIVE_ACTIONS',
  MONITORING_AND_MEASUREMENT = 'MONITORING_AND_MEASUREMENT',
  AUDIT_RESULTS = 'AUDIT_RESULTS',
  IMPROVEMENT_OPPORTUNITIES = 'IMPROVEMENT_OPPORTUNITIES',
}

export const MANAGEMENT_REVIEW_TOPICS: Readonly<Record<ManagementReviewTopic, string>> = {
  PREVIOUS_ACTIONS: 'Status of actions from previous management reviews (9.3.2 a)',
  CONTEXT_CHANGES: 'Changes in external and internal issues relevant to the AIMS (9.3.2 b)',
  INTERESTED_PARTY_CHANGES: 'Changes in the needs and expectations of interested parties (9.3.2 c)',
  NONCONFORMITIES_AND_CORRECTIVE_ACTIONS:
    'AIMS performance: nonconformities and corrective actions (9.3.2 d)',
  MONITORING_AND_MEASUREMENT: 'AIMS performance: monitoring and measurement results (9.3.2 d)',
  AUDIT_RESULTS: 'AIMS performance: audit results (9.3.2 d)',
  IMPROVEMENT_OPPORTUNITIES: 'Opportunities for continual improvement (9.3.2 e)',
};

registerEnumType(CyclePhase, {
  name: 'CyclePhase',
  description: 'Where a PDCA cycle stands: PLAN → DO → CHECK → ACT → CLOSED, one gated step at a time.',
});
registerEnumType(ChecklistStatus, { name: 'ChecklistStatus' });
registerEnumType(ImplementationStatus, {
  name: 'ImplementationStatus',
  description: 'How far an applicable control is implemented.',
});
registerEnumType(SoAEntryOrigin, {
  name: 'SoAEntryOrigin',
  valuesMap: {
    ANNEX_A: { description: 'One of the 38 ISO/IEC 42001 Annex A controls, listed in every SoA.' },
    ADDED: { description: 'A control the organisation added (any assessable catalog requirement).' },
  },
});
registerEnumType(InternalAuditStatus, { name: 'InternalAuditStatus' });
registerEnumType(FindingType, {
  name: 'FindingType',
  description: 'What an internal audit found (42001 9.2).',
});
registerEnumType(NonconformitySource, { name: 'NonconformitySource' });
registerEnumType(NonconformitySeverity, { name: 'NonconformitySeverity' });
registerEnumType(NonconformityStatus, {
  name: 'NonconformityStatus',
  valuesMap: {
    OPEN: { description: 'Needs corrective action, or an effective one.' },
    CLOSED: { description: 'Its latest corrective action was verified effective and none is open.' },
    CARRIED_FORWARD: { description: 'Still open when its cycle closed; continued in the next cycle.' },
  },
});
registerEnumType(CorrectiveActionStatus, { name: 'CorrectiveActionStatus' });
registerEnumType(ManagementReviewTopic, {
  name: 'ManagementReviewTopic',
  description: 'An input a management review considers (ISO/IEC 42001 9.3.2).',
  valuesMap: Object.fromEntries(
    Object.entries(MANAGEMENT_REVIEW_TOPICS).map(([key, description]) => [key, { description }]),
  ),
});
