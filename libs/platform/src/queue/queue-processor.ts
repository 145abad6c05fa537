import { Job } from 'bullmq';
import { QueueName } from './queue-names';

/** A repeating job the worker keeps scheduled (BullMQ job scheduler, upserted at boot). */
export interface ScheduledJob {
  id: string;
  name: string;
  everyMs: number;
  data?: Record<string, unknown>;
}

/** Handles the jobs of one queue. Domain libraries provide these; the worker app registers them. */
export interface QueueProcessor {
  readonly queue: QueueName;
  /** Jobs in flight at once in one worker process. */
  readonly concurrency?: number;
  schedules?(): ScheduledJob[];
  /** `token` is the worker's lock on the job, for handlers that reschedule it (`job.moveToDelayed`). */
  process(job: Job, token?: string): Promise<unknown>;
}

export const QUEUE_PROCESSORS = Symbol('QUEUE_PROCESSORS');
