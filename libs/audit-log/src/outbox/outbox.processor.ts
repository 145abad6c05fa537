import { Injectable } from '@nestjs/common';
import { AppConfig, QueueName, QueueProcessor, ScheduledJob } from '@aims/platform';
import { OutboxRelay } from './outbox-relay';

/** Drains the outbox on a schedule; each run is idempotent because publishing marks rows under lock. */
@Injectable()
export class OutboxProcessor implements QueueProcessor {
  readonly queue = QueueName.Outbox;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
  ) {}

  schedules(): ScheduledJob[] {
    return [{ id: 'outbox-relay', name: 'relay', everyMs: this.config.OUTBOX_RELAY_INTERVAL_MS }];
  }

  async process(): Promise<{ relayed: number }> {
    return { relayed: await this.relay.drain() };
  }
}
