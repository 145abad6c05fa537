import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import { Metrics } from '../observability/metrics';
import { QueueConnection } from './queue-connection';
import { ALL_QUEUES, QueueName } from './queue-names';
import { QUEUE_PROCESSORS, QueueProcessor } from './queue-processor';

const SCHEDULE_REFRESH_MS = 60_000;

/** Checks a processor exists for every queue; throws naming the ones that lack one. */
export function assertEveryQueueHasProcessor(
  processors: QueueProcessor[],
  queues: QueueName[] = ALL_QUEUES,
): void {
  const missing = queues.filter((q) => !processors.some((p) => p.queue === q));
  if (missing.length > 0)
    throw new Error(`Refusing to boot: no processor for queue(s) ${missing.join(', ')}`);
}

/**
 * Starts one BullMQ worker per queue and upserts the job schedulers. On shutdown it closes the workers,
 * which waits for jobs in flight to finish (graceful drain).
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private refresh?: NodeJS.Timeout;

  constructor(
    private readonly queues: QueueConnection,
    private readonly metrics: Metrics,
    @Inject(QUEUE_PROCESSORS) private readonly processors: QueueProcessor[],
  ) {
    assertEveryQueueHasProcessor(processors);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const processor of this.processors) {
      const worker = this.queues.worker(processor.queue, (job, token) => processor.process(job, token), {
        concurrency: processor.concurrency ?? 1,
      });
      worker.on('completed', () =>
        this.metrics.jobsProcessed.inc({ queue: processor.queue, outcome: 'completed' }),
      );
      worker.on('failed', (job, err) => {
        this.metrics.jobsProcessed.inc({ queue: processor.queue, outcome: 'failed' });
        this.logger.warn({ msg: 'job failed', jobId: job?.id, queue: processor.queue, error: err.message });
      });
      this.workers.push(worker);
    }
    await this.upsertSchedules();
    // Schedulers live in the queue backend: re-assert them now and then, so a backend restarted without
    // persistence gets them back without restarting the worker (upserting is idempotent).
    this.refresh = setInterval(() => {
      this.upsertSchedules().catch((err: Error) =>
        this.logger.warn({ msg: 're-upserting schedulers failed', error: err.message }),
      );
    }, SCHEDULE_REFRESH_MS);
    this.refresh.unref();
    this.logger.log({ msg: 'workers started', queues: this.processors.map((p) => p.queue) });
  }

  private async upsertSchedules(): Promise<void> {
    for (const processor of this.processors) {
      for (const schedule of processor.schedules?.() ?? []) {
        await this.queues
          .queue(processor.queue)
          .upsertJobScheduler(
            schedule.id,
            { every: schedule.everyMs },
            { name: schedule.name, data: schedule.data ?? {} },
          );
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refresh);
    await Promise.all(this.workers.map((w) => this.queues.closeWorker(w)));
    this.workers.length = 0;
  }
}
