import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig, QueueName, QueueProcessor, ScheduledJob } from '@aims/platform';
import { WebhookDispatcher } from './webhook-dispatcher';
import { DeliverJob } from './webhook-jobs';
import { WebhookSweeper } from './webhook-sweeper';

/**
 * Jobs in flight per delivery sent at once: while some jobs send, the others read their delivery or
 * record their attempt (statements shared by the jobs in flight) and move through the queue.
 */
const JOBS_PER_SEND = 4;

/** Sends deliveries (`deliver`, one job per delivery) and runs the scheduled `sweep`. */
@Injectable()
export class WebhooksProcessor implements QueueProcessor {
  readonly queue = QueueName.Webhooks;
  readonly concurrency: number;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly sweeper: WebhookSweeper,
    private readonly config: AppConfig,
  ) {
    this.concurrency = config.WEBHOOK_CONCURRENCY * JOBS_PER_SEND;
  }

  schedules(): ScheduledJob[] {
    return [{ id: 'webhooks-sweep', name: 'sweep', everyMs: this.config.WEBHOOK_SWEEP_INTERVAL_MS }];
  }

  process(job: Job, token?: string): Promise<unknown> {
    if (job.name === 'sweep') return this.sweeper.sweep();
    return this.dispatcher.process(job as Job<DeliverJob>, token);
  }
}
