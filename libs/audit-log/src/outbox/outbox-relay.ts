import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, Metrics, rawWrite } from '@aims/platform';
import { OutboxEvent } from './outbox-event.entity';

/** Something that acts on committed outbox events (webhook fan-out, ...). */
export interface OutboxConsumer {
  readonly name: string;
  /**
   * Called inside the relay's transaction; throw to leave the batch pending for a retry. May return work
   * to run once the transaction has committed (enqueueing jobs for rows it wrote, ...).
   */
  consume(events: OutboxEvent[], manager: EntityManager): Promise<AfterCommit | void>;
}

export type AfterCommit = () => Promise<void>;

export const OUTBOX_CONSUMERS = Symbol('OUTBOX_CONSUMERS');

/** Events per transaction when draining: a backlog costs a few transactions, not one per hundred events. */
const DRAIN_BATCH = 500;

/**
 * Claims pending outbox rows with FOR UPDATE SKIP LOCKED (so relays on several workers never hand the same
 * event out twice), marks them published and hands them to every consumer, all in one transaction.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Optional() @Inject(OUTBOX_CONSUMERS) private readonly consumers: OutboxConsumer[] = [],
  ) {}

  /** Relays one batch; returns how many events it published. */
  async relayBatch(limit = 100): Promise<number> {
    const afterCommit: AfterCommit[] = [];
    const relayed = await this.dataSource.transaction(async (manager) => {
      // Claimed and marked in one statement; a consumer that throws rolls the marking back.
      const { rows: events } = await rawWrite<OutboxEvent>(
        manager,
        `UPDATE outbox_event SET published_at = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox_event WHERE published_at IS NULL
                        ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, organisation_id AS "organisationId", type, payload, created_at AS "createdAt",
                    published_at AS "publishedAt", attempts, last_error AS "lastError"`,
        [limit, this.clock.now()],
      );
      if (events.length === 0) return 0;
      events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
      for (const consumer of this.consumers) {
        const then = await consumer.consume(events, manager);
        if (then) afterCommit.push(then);
      }
      this.metrics.outboxRelayed.inc(events.length);
      return events.length;
    });
    // A failure here loses nothing: consumers keep what they wrote and sweep for it (see webhooks).
    for (const then of afterCommit) {
      await then().catch((err: Error) =>
        this.logger.warn({ msg: 'after-relay step failed', error: err.message }),
      );
    }
    return relayed;
  }

  /**
   * Relays until nothing is pending (bounded), returning the total. A short batch ends it: what it did not
   * see is locked by another relay, or commits later and notifies again.
   */
  async drain(maxBatches = 50): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.relayBatch(DRAIN_BATCH);
      total += n;
      if (n < DRAIN_BATCH) break;
    }
    if (total > 0) this.logger.debug({ msg: 'outbox events relayed', count: total });
    return total;
  }
}
