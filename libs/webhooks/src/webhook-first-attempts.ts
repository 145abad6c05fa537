import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig } from '@aims/platform';
import { Attempted, DueDelivery, WebhookDispatcher } from './webhook-dispatcher';
import { DeliverJob } from './webhook-jobs';
import { Slots } from './slots';

/**
 * How long the process that fanned a delivery out holds it for its first attempt: the delivery's
 * `nextAttemptAt` is set this far ahead, and its job is queued to run then. A hold outlives a worker
 * that dies before recording the attempt by at most this long.
 */
export const FIRST_ATTEMPT_HOLD_MS = 30_000;

/**
 * First attempts under way at once (sent, waiting for a send slot or being recorded), per delivery the
 * worker may send at once: enough for the next fan-out to be written while the last one is being sent.
 */
export const FIRST_ATTEMPTS_PER_SEND = 20;

/**
 * Makes the first attempt of each delivery straight after fan-out, in the process that wrote it, instead
 * of through a round trip of its job: the job waits (delayed until the hold ends) as the safety net for
 * a crash, and is then settled by the attempt: removed when it needs no more attempts, delayed to the next
 * one when it is retried, left to run when the attempt was not made ('deferred'), or when it wrote
 * nothing because the delivery changed meanwhile (a redelivery may have woken the job). At most
 * `WEBHOOK_CONCURRENCY × 20` are under way; handing more waits, so a backlog stays in the database.
 * Shutting down stops starting them (the jobs make the rest) and waits for the ones under way.
 */
@Injectable()
export class WebhookFirstAttempts implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookFirstAttempts.name);
  private readonly room: Slots;
  private readonly underWay = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    config: AppConfig,
  ) {
    this.room = new Slots(config.WEBHOOK_CONCURRENCY * FIRST_ATTEMPTS_PER_SEND);
  }

  /** Starts the deliveries' first attempts; resolves once the last has started (or shutdown began). */
  async start(deliveries: DueDelivery[], jobs: (Job<DeliverJob> | undefined)[]): Promise<void> {
    for (const [i, due] of deliveries.entries()) {
      await this.room.take();
      if (this.stopping) {
        this.room.give();
        return;
      }
      const run: Promise<void> = this.dispatcher
        .attemptHeld(due)
        .then((attempted) => settle(jobs[i], attempted))
        .catch((err: Error) =>
          this.logger.warn({
            msg: 'first webhook attempt failed',
            deliveryId: due.deliveryId,
            error: err.message,
          }),
        )
        .finally(() => {
          this.underWay.delete(run);
          this.room.give();
        });
      this.underWay.add(run);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    while (this.underWay.size > 0) await Promise.allSettled([...this.underWay]);
  }
}

/** Brings the delivery's job in line with its first attempt; a job it cannot reach runs and decides itself. */
async function settle(job: Job<DeliverJob> | undefined, { outcome, retryInMs }: Attempted): Promise<void> {
  if (!job || outcome === 'deferred' || outcome === 'skipped') return;
  await (retryInMs !== null ? job.changeDelay(retryInMs) : job.remove()).catch(() => undefined);
}
