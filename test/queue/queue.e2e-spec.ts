import { Job } from 'bullmq';
import { EntityManager } from 'typeorm';
import { OutboxConsumer, OutboxEvent, OutboxRelay, UnitOfWork } from '@aims/audit-log';
import {
  assertEveryQueueHasProcessor,
  Metrics,
  QueueName,
  QueueProcessor,
  systemActor,
  WorkerHost,
} from '@aims/platform';
import { startTestApp, TestApp } from '../support/app';
import { createOrg } from '../support/factory';

/** Runs on Redis when REDIS_URL is set, otherwise on BullMQ's PostgreSQL backend (CI runs both). */
const backend = process.env.REDIS_URL ? 'redis' : 'postgres';

async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`queues on the ${backend} backend`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { OUTBOX_RELAY_INTERVAL_MS: '200' } });
  });
  afterAll(() => t.close());

  it('uses the backend configuration asks for', () => {
    expect(t.runtime.queues.kind).toBe(backend);
  });

  it('relays committed outbox events end to end: scheduler → queue → worker → relay', async () => {
    const org = await createOrg(t.http);
    const uow = t.app.get(UnitOfWork);
    await uow.run(systemActor(org.organisationId), async (work) => {
      work.audit({ action: 'test.emitted', entityType: 'Test' });
      work.emit('webhook.test', { hello: 'world' });
    });
    const repo = t.runtime.dataSource.getRepository(OutboxEvent);
    const event = await repo.findOneByOrFail({ organisationId: org.organisationId, type: 'webhook.test' });
    const published = await waitFor(async () => {
      const row = await repo.findOneByOrFail({ id: event.id });
      return row.publishedAt ? row : undefined;
    });
    expect(published.attempts).toBe(1);
    expect(published.payload).toEqual({ hello: 'world' });
  });

  it('refuses to boot a worker when a queue has no processor', () => {
    expect(() => assertEveryQueueHasProcessor([])).toThrow(/no processor for queue\(s\) outbox/);
    expect(() => new WorkerHost(t.runtime.queues, new Metrics(), [])).toThrow(/Refusing to boot/);
  });

  it('drains in-flight jobs on graceful shutdown', async () => {
    // A process of its own (own queue prefix, no app worker) so only this host can take the job.
    const own = await startTestApp();
    let finished = 0;
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const slow: QueueProcessor = {
      queue: QueueName.Outbox,
      async process(job: Job) {
        if (job.name !== 'slow') return;
        started();
        await new Promise((r) => setTimeout(r, 1500));
        finished += 1;
      },
    };
    const idle = [QueueName.Reassessment, QueueName.Exports].map((queue): QueueProcessor => ({
      queue,
      process: async () => undefined,
    }));
    const host = new WorkerHost(own.runtime.queues, new Metrics(), [slow, ...idle]);
    try {
      await host.onApplicationBootstrap();
      const job = await own.runtime.queues
        .queue(QueueName.Outbox)
        .add('slow', {}, { jobId: `slow-${Date.now()}` });
      await isStarted;
      await host.onApplicationShutdown();
      expect(finished).toBe(1);
      expect(await own.runtime.queues.queue(QueueName.Outbox).getJobState(job.id as string)).toBe(
        'completed',
      );
    } finally {
      await host.onApplicationShutdown();
      await own.close();
    }
  });

  it('never hands an outbox event to two relays at once (FOR UPDATE SKIP LOCKED)', async () => {
    const org = await createOrg(t.http);
    const seen: string[] = [];
    const recorder: OutboxConsumer = {
      name: 'recorder',
      async consume(events: OutboxEvent[], _m: EntityManager) {
        await new Promise((r) => setTimeout(r, 20));
        seen.push(...events.filter((e) => e.organisationId === org.organisationId).map((e) => e.id));
      },
    };
    const uow = t.app.get(UnitOfWork);
    await uow.run(systemActor(org.organisationId), async (work) => {
      for (let i = 0; i < 300; i++) work.emit('webhook.test', { i });
    });
    const relays = [1, 2, 3].map(
      () => new OutboxRelay(t.runtime.dataSource, t.runtime.clock, new Metrics(), [recorder]),
    );
    await Promise.all(relays.map((r) => r.drain(100)));
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });
});
