import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig, QueueName, QueueProcessor, ScheduledJob } from '@aims/platform';
import { WebhookDispatcher } from './webhook-dispatcher';
import { DeliverJob } from './webhook-jobs';
import { WebhookSweeper } from './webhook-sweeper';

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
    this.concurrency = config.WEBHOOK_CONCURRENCY;
  }

  schedules(): ScheduledJob[] {
    return [{ id: 'webhooks-sweep', name: 'sweep', everyMs: this.config.WEBHOOK_SWEEP_INTERVAL_MS }];
  }

  process(job: Job, token?: string): Promise<unknown> {
    if (job.name === 'sweep') return this.sweeper.sweep();
    return this.dispatcher.process(job as Job<DeliverJob>, token);
  }
}
