/** Every BullMQ queue AIMS uses. The worker refuses to boot unless each has a processor. */
export enum QueueName {
  /** Relays committed outbox events to their consumers. */
  Outbox = 'outbox',
  /** Sweeps for due reassessment work and escalates overdue tasks. */
  Reassessment = 'reassessment',
  /** Deletes abandoned staged objects (uploads and packs that never completed) from evidence storage. */
  StorageCleanup = 'storage-cleanup',
  /** Delivers webhooks (one job per event and endpoint) and sweeps for due retries and old logs. */
  Webhooks = 'webhooks',
  /** Builds evidence packs for auditors and removes expired ones. */
  Exports = 'exports',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** Retention and retry defaults applied to every job (see docs/domain-rules.md#scheduled-reassessment). */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
} as const;
