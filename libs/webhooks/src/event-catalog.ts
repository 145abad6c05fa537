import { EVENT_TYPES, EventType } from '@aims/audit-log';

export interface EventTypeEntry {
  type: EventType;
  description: string;
  /** The `data` of a delivery of this type, as the code emits it (ids and values are illustrative). */
  example: Record<string, unknown>;
}

const ID = {
  aiSystem: '6f1c2a8e-3b7d-4e51-9a2f-0c8d7e6b5a41',
  risk: '2b9e4d17-8c3a-4f60-b1d2-5e7f9a0c3b84',
  assessment: 'c4a7e2f9-1d3b-4c85-a6e0-9b8d7f2e1a53',
  evidence: '8d3f1b6a-2e4c-4a97-b5d8-0f1e3c7a9b62',
  version: 'e1b5c9d3-7a2f-4e68-9c0b-3d4a6f8e2b17',
  review: '5a9c3e7b-1f4d-4b82-8e6a-2c0d9b7f4e35',
  cycle: '9e2a6c4f-8b1d-4f73-a5c9-7d3e1b0a6f28',
  nextCycle: '3c7f9b1e-5d2a-4c86-b0e4-8a6f2d9c1e74',
  nonconformity: 'f6d0a4c8-2b9e-4a51-8f3d-1e7c5b9a3d06',
  finding: '7b3e9d5a-4c1f-4e82-9a6b-0d8f2c4e7a19',
  correctiveAction: 'a2e8c6f0-9d4b-4f17-b3a5-6c1e9d7b2f48',
  task: '0d4b8f2e-6a9c-4d35-8e1f-5b7a3c9e0d62',
  user: '4e8a2c6f-0b3d-4a97-9c5e-1f7d3b8a6e20',
  endpoint: 'b7f1d5a9-3e8c-4b26-a0d4-9c2e6f1a8b53',
  export: 'd9c3a7e1-5f2b-4e84-b6a0-8e4c2d6f9a17',
};

const risk = { riskId: ID.risk, title: 'Training data drifts from production inputs' };
const aiSystem = {
  aiSystemId: ID.aiSystem,
  name: 'Credit scoring model',
  lifecycleStage: 'OPERATION',
  tier: 'HIGH',
  grade: 'L3',
};
const evidence = { evidenceItemId: ID.evidence, title: 'Model card v3' };
const review = {
  ...evidence,
  versionId: ID.version,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  reviewId: ID.review,
  comment: 'Covers intended use and limitations.',
  validUntil: '2027-01-31T00:00:00.000Z',
};
const task = (kind: string, subjectType: string, subjectKey: string, subjectId: string, title: string) => ({
  taskId: ID.task,
  kind,
  subjectType,
  subjectId,
  [subjectKey]: subjectId,
  title,
  dueAt: '2026-12-01T09:00:00.000Z',
  thresholdDays: null as number | null,
  assigneeId: ID.user,
});

const ENTRIES: Record<EventType, Omit<EventTypeEntry, 'type'>> = {
  'ai_system.created': { description: 'An AI system was registered.', example: aiSystem },
  'ai_system.updated': {
    description: 'An AI system’s description, owner or classification changed.',
    example: { ...aiSystem, changedFields: ['lifecycleStage'] },
  },
  'ai_system.regraded': {
    description: 'An AI system’s TC260 grade changed.',
    example: {
      aiSystemId: ID.aiSystem,
      name: aiSystem.name,
      fromGrade: 'L2',
      toGrade: 'L3',
      reason: 'grading factors changed',
    },
  },
  'risk.created': {
    description: 'A risk was added to the register.',
    example: { ...risk, status: 'IDENTIFIED', aiSystemIds: [ID.aiSystem] },
  },
  'risk.updated': {
    description: 'A risk’s description, owner, treatment or status changed.',
    example: { ...risk, status: 'TREATMENT_PLANNED', changedFields: ['treatment'] },
  },
  'risk.assessed': {
    description: 'A risk was assessed (a new assessment snapshot).',
    example: {
      ...risk,
      status: 'ANALYSED',
      assessmentId: ID.assessment,
      inherentLevel: 'HIGH',
      residualLevel: 'MEDIUM',
      aboveAppetite: true,
      nextReviewAt: '2027-03-01T00:00:00.000Z',
    },
  },
  'risk.accepted': {
    description: 'A risk was accepted until a date.',
    example: {
      ...risk,
      acceptedUntil: '2027-06-30T00:00:00.000Z',
      level: 'MEDIUM',
      aboveAppetite: false,
      overridden: false,
    },
  },
  'risk.closed': {
    description: 'A risk was closed.',
    example: { ...risk, reason: 'The model was retired.' },
  },
  'risk.review_due': {
    description: 'A risk’s review date has come (a reassessment task was opened).',
    example: task('RISK_REVIEW_DUE', 'RISK', 'riskId', ID.risk, risk.title),
  },
  'risk.acceptance_expired': {
    description: 'A risk’s acceptance ran out and the risk was reopened.',
    example: { ...risk, acceptedUntil: '2026-11-30T00:00:00.000Z', status: 'ANALYSED' },
  },
  'evidence.submitted': {
    description: 'An evidence item was submitted for review.',
    example: { ...evidence, kind: 'FILE', versionId: ID.version },
  },
  'evidence.accepted': { description: 'A submitted evidence version was accepted.', example: review },
  'evidence.rejected': {
    description: 'A submitted evidence version was rejected.',
    example: { ...review, comment: 'The file is unsigned.' },
  },
  'evidence.expiring': {
    description: 'Accepted evidence expires within 30, 7 or 1 days.',
    example: {
      ...task('EVIDENCE_EXPIRING', 'EVIDENCE_ITEM', 'evidenceItemId', ID.evidence, evidence.title),
      thresholdDays: 7,
    },
  },
  'evidence.expired': {
    description: 'Accepted evidence has expired.',
    example: task('EVIDENCE_EXPIRED', 'EVIDENCE_ITEM', 'evidenceItemId', ID.evidence, evidence.title),
  },
  'cycle.phase_changed': {
    description: 'A PDCA cycle moved to another phase.',
    example: { cycleId: ID.cycle, name: 'AIMS 2026', from: 'PLAN', to: 'DO', overridden: false },
  },
  'cycle.closed': {
    description: 'A PDCA cycle was closed and the next one opened with what carries over.',
    example: {
      cycleId: ID.cycle,
      name: 'AIMS 2026',
      nextCycleId: ID.nextCycle,
      nextCycleName: 'AIMS 2026 (next)',
      carriedOver: { soaEntries: 38, nonconformities: 1, correctiveActions: 2, acceptedRisks: 3 },
    },
  },
  'nonconformity.raised': {
    description: 'A nonconformity was raised (42001 10.2).',
    example: {
      nonconformityId: ID.nonconformity,
      cycleId: ID.cycle,
      source: 'INTERNAL_AUDIT',
      severity: 'MINOR',
      findingId: ID.finding,
      description: 'Impact assessments are not reviewed after model changes.',
    },
  },
  'corrective_action.overdue': {
    description: 'A corrective action is past its due date.',
    example: task(
      'CORRECTIVE_ACTION_OVERDUE',
      'CORRECTIVE_ACTION',
      'correctiveActionId',
      ID.correctiveAction,
      'Add model-change trigger to the review procedure',
    ),
  },
  'reassessment.created': {
    description:
      'Due reassessment work was found by the scheduled sweep. The subject id is repeated under a key of its type: riskId, aiSystemId, impactAssessmentId, evidenceItemId or correctiveActionId.',
    example: task('RISK_REVIEW_DUE', 'RISK', 'riskId', ID.risk, risk.title),
  },
  'reassessment.escalated': {
    description: 'An open reassessment task stayed overdue and was escalated to owners and admins.',
    example: {
      taskId: ID.task,
      kind: 'RISK_REVIEW_DUE',
      subjectType: 'RISK',
      subjectId: ID.risk,
      escalatedAt: '2026-12-04T09:00:00.000Z',
      escalatedTo: [ID.user],
    },
  },
  'export.completed': {
    description: 'An evidence pack is ready to download (its sha256, size, manifest hash and signing key).',
    example: {
      exportId: ID.export,
      cycleId: ID.cycle,
      sha256: review.sha256,
      size: 1048576,
      fileCount: 42,
      manifestSha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
      keyId: 'org-2026-01',
      completedAt: '2026-11-30T09:00:00.000Z',
    },
  },
  'export.failed': {
    description: 'An export could not be produced.',
    example: {
      exportId: ID.export,
      cycleId: ID.cycle,
      error: `evidence ${ID.evidence} no longer matches its recorded sha256`,
    },
  },
  'webhook.test': {
    description: 'Sent by testWebhookEndpoint to check an endpoint receives and verifies deliveries.',
    example: { endpointId: ID.endpoint, message: 'This is a test delivery from AIMS.' },
  },
  'webhook.endpoint_disabled': {
    description: 'An endpoint was disabled after answering 410 Gone or failing every attempt for 5 days.',
    example: {
      endpointId: ID.endpoint,
      url: 'https://hooks.example.com/aims',
      reason: 'every attempt failed for 5 days',
      failingSince: '2026-11-25T09:00:00.000Z',
      disabledAt: '2026-11-30T09:00:00.000Z',
    },
  },
};

/** The event catalog integrators subscribe from (`webhookEventTypes`), in contract order. */
export const EVENT_CATALOG: EventTypeEntry[] = EVENT_TYPES.map((type) => ({ type, ...ENTRIES[type] }));
