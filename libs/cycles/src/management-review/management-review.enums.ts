import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(ManagementReviewTopic, {
  name: 'ManagementReviewTopic',
  description: 'An input a management review considers (ISO/IEC 42001 9.3.2).',
  valuesMap: Object.fromEntries(
    Object.entries(MANAGEMENT_REVIEW_TOPICS).map(([key, description]) => [key, { description }]),
  ),
});
