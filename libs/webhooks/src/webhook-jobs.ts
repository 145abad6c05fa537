import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { QueueConnection, QueueName } from '@aims/platform';

export interface DeliverJob {
  deliveryId: string;
}

export interface QueuedDelivery {
  id: string;
  eventId: string;
  endpointId: string;
}

/**
 * One job per delivery, however often it is queued: `<eventId>_<endpointId>` (docs/domain-rules.md#webhooks writes the pair
 * with a colon, which BullMQ refuses in custom job ids; both parts are fixed-length UUIDs either way).
 */
export const deliveryJobId = (d: { eventId: string; endpointId: string }) => `${d.eventId}_${d.endpointId}`;

const RETENTION = { removeOnComplete: { age: 3600, count: 10000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** Puts deliveries on the webhooks queue, reviving a finished job when a delivery is sent again. */
@Injectable()
export class WebhookJobs {
  constructor(private readonly queues: QueueConnection) {}

  private get queue() {
    return this.queues.queue<DeliverJob>(QueueName.Webhooks);
  }

  /**
   * New deliveries: one job each, to run now or after `delayMs` (a job id already queued is left as it
   * is). Answers the jobs in the order of the deliveries.
   */
  async enqueue(deliveries: QueuedDelivery[], delayMs = 0): Promise<Job<DeliverJob>[]> {
    if (deliveries.length === 0) return [];
    return this.queue.addBulk(
      deliveries.map((d) => ({
        name: 'deliver',
        data: { deliveryId: d.id },
        opts: { jobId: deliveryJobId(d), attempts: 3, delay: delayMs, ...RETENTION },
      })),
    );
  }

  /**
   * Makes sure a due delivery has a job that will run now: adds a missing one, promotes a delayed one and
   * replaces a finished one (a redelivery, or a job the backend lost). An active job is left to finish.
   */
  async ensureRunnable(deliveries: QueuedDelivery[]): Promise<void> {
    for (const d of deliveries) {
      const jobId = deliveryJobId(d);
      const job = await this.queue.getJob(jobId);
      if (!job) {
        await this.enqueue([d]);
        continue;
      }
      const state = await job.getState();
      if (state === 'delayed') await job.promote().catch(() => undefined);
      else if (state === 'completed' || state === 'failed') {
        await job.remove();
        await this.enqueue([d]);
      }
    }
  }
}
