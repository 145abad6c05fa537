import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@aims/platform';
import { returnedRows } from './sql-rows';
import { QueuedDelivery, WebhookJobs } from './webhook-jobs';

const SWEEP_BATCH = 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The safety net under the queue: gives every due pending delivery a runnable job (a crash between commit
 * and enqueue, a backend that lost its data, a clock moved forward in tests), and prunes delivery logs past
 * their retention.
 */
@Injectable()
export class WebhookSweeper {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<{ requeued: number; pruned: number }> {
    const now = this.clock.now();
    const due: QueuedDelivery[] = await this.dataSource.query(
      `SELECT id, event_id AS "eventId", endpoint_id AS "endpointId" FROM webhook_delivery
        WHERE status = 'PENDING' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [now, SWEEP_BATCH],
    );
    await this.jobs.ensureRunnable(due);
    return { requeued: due.length, pruned: await this.prune(now) };
  }

  /** Deletes finished deliveries (and their attempts) whose last activity is older than the retention. */
  async prune(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.WEBHOOK_LOG_RETENTION_DAYS * DAY_MS);
    const deleted = await this.dataSource.query(
      `DELETE FROM webhook_delivery WHERE id IN (
         SELECT id FROM webhook_delivery
          WHERE status <> 'PENDING' AND COALESCE(last_attempt_at, created_at) < $1 LIMIT 10000)
       RETURNING id`,
      [cutoff],
    );
    return returnedRows(deleted).length;
  }
}
