import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, Metrics } from '@aims/platform';
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
 * Reads pending outbox rows with FOR UPDATE SKIP LOCKED (so relays on several workers never hand the same
 * event out twice), hands them to every consumer and marks them published, all in one transaction.
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
      const events = await manager
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.publishedAt IS NULL')
        .orderBy('e.createdAt', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (events.length === 0) return 0;
      for (const consumer of this.consumers) {
        const then = await consumer.consume(events, manager);
        if (then) afterCommit.push(then);
      }
      await manager
        .createQueryBuilder()
        .update(OutboxEvent)
        .set({ publishedAt: this.clock.now(), attempts: () => 'attempts + 1' })
        .whereInIds(events.map((e) => e.id))
        .execute();
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
