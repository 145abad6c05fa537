/** Outbox / webhook event types (contract, docs/domain-rules.md#events). */
export const EVENT_TYPES = [
  'ai_system.created',
  'ai_system.updated',
  'ai_system.regraded',
  'risk.created',
  'risk.updated',
  'risk.assessed',
  'risk.accepted',
  'risk.closed',
  'risk.review_due',
  'risk.acceptance_expired',
  'evidence.submitted',
  'evidence.accepted',
  'evidence.rejected',
  'evidence.expiring',
  'evidence.expired',
  'cycle.phase_changed',
  'cycle.closed',
  'nonconformity.raised',
  'corrective_action.overdue',
  'reassessment.created',
  'reassessment.escalated',
  'export.completed',
  'export.failed',
  'webhook.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
