import './production';
import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job } from 'bullmq';
import { loadConfig, PlatformModule, QueueName } from '@aims/platform';
import { ReassessmentModule, ReassessmentProcessor } from '@aims/reassessment';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createScratchDatabase } from './scratch-database';

/**
 * 100,000 due subjects (risks due for review) across 100 organisations: how fast one worker turns them
 * into reassessment tasks (each with its audit event and two outbox events), against the throughput of
 * no-op BullMQ jobs measured in the same run on the same backend. Runs on a scratch database of its own.
 */
const ORGANISATIONS = 100;
const SUBJECTS_PER_ORGANISATION = 1000;
const NOOP_JOBS = 5000;

async function seed(runtime: RuntimeHandle): Promise<number> {
  const orgs: { id: string }[] = await runtime.dataSource.query(
    `INSERT INTO organisation (name) SELECT 'Bench org ' || g FROM generate_series(1, $1::int) g RETURNING id`,
    [ORGANISATIONS],
  );
  await runtime.dataSource.query(
    `INSERT INTO risk (organisation_id, title, status, next_review_at)
     SELECT o.id, 'Due risk ' || g, 'ANALYSED', now() - interval '1 day' + (g || ' milliseconds')::interval
       FROM unnest($1::uuid[]) AS o(id), generate_series(1, $2::int) AS g`,
    [orgs.map((o) => o.id), SUBJECTS_PER_ORGANISATION],
  );
  await runtime.dataSource.query('ANALYZE risk');
  return ORGANISATIONS * SUBJECTS_PER_ORGANISATION;
}

/** Runs `jobs` jobs through a fresh worker and returns the seconds from first pick-up to last completion. */
async function timeJobs(
  runtime: RuntimeHandle,
  name: QueueName,
  jobs: number,
  process: (job: Job) => Promise<unknown>,
  enqueue: () => Promise<unknown>,
): Promise<number> {
  await enqueue();
  let done = 0;
  let started = 0;
  const finished = new Promise<void>((resolve, reject) => {
    const worker = runtime.queues.worker(name, async (job) => {
      started ||= performance.now();
      return process(job);
    });
    worker.on('completed', () => {
      done += 1;
      if (done === jobs) void worker.close().then(() => resolve());
    });
    worker.on('failed', (_job, err) => reject(err));
  });
  await finished;
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch.url,
    QUEUE_PREFIX: scratch.queuePrefix,
    LOG_LEVEL: 'warn',
  });
  const runtime = await createRuntime(config, { migrate: true, loadCatalogs: false, poolSize: 10 });
  try {
    @Module({ imports: [PlatformModule.forRoot(runtime), ReassessmentModule] })
    class BenchModule {}
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
    const processor = app.get(ReassessmentProcessor);

    const noopSeconds = await timeJobs(
      runtime,
      QueueName.Outbox,
      NOOP_JOBS,
      async () => undefined,
      () =>
        runtime.queues
          .queue(QueueName.Outbox)
          .addBulk(Array.from({ length: NOOP_JOBS }, (_, i) => ({ name: 'noop', data: { i } }))),
    );
    const noopPerSecond = NOOP_JOBS / noopSeconds;

    const subjects = await seed(runtime);
    const sweepSeconds = await timeJobs(
      runtime,
      QueueName.Reassessment,
      1,
      () => processor.process(),
      () => runtime.queues.queue(QueueName.Reassessment).add('sweep', {}),
    );
    const [{ n: tasks }] = await runtime.dataSource.query('SELECT count(*)::int AS n FROM reassessment_task');
    const [{ n: events }] = await runtime.dataSource.query('SELECT count(*)::int AS n FROM outbox_event');
    if (tasks !== subjects) throw new Error(`expected ${subjects} tasks, found ${tasks}`);
    const tasksPerSecond = tasks / sweepSeconds;

    console.log(`backend: ${runtime.queues.kind}, batch size ${config.REASSESSMENT_BATCH_SIZE}`);
    console.log(`due subjects: ${subjects} across ${ORGANISATIONS} organisations`);
    console.log(`sweep: ${tasks} tasks and ${events} outbox events in ${sweepSeconds.toFixed(2)} s`);
    console.log(`tasks created per second: ${tasksPerSecond.toFixed(0)}`);
    console.log(`no-op BullMQ jobs per second: ${noopPerSecond.toFixed(0)} (${NOOP_JOBS} jobs)`);
    console.log(
      `ratio tasks/s ÷ no-op jobs/s: ${(tasksPerSecond / noopPerSecond).toFixed(2)} (goal ≥ 1.0 and ≥ 5,000 tasks/s: ${tasksPerSecond >= 5000 && tasksPerSecond >= noopPerSecond ? 'met' : 'not met'})`,
    );

    await app.close();
    await Promise.all(
      [QueueName.Outbox, QueueName.Reassessment].map((q) =>
        runtime.queues.queue(q).obliterate({ force: true }),
      ),
    );
  } finally {
    await runtime.close();
    await scratch.drop();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
