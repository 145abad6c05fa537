import { randomBytes, randomUUID } from 'node:crypto';
import { OutboxEvent, UnitOfWork } from '@aims/audit-log';
import { systemActor } from '@aims/platform';
import { WebhookDelivery } from '@aims/webhooks';
import { privateDatabase, spawnWorker, waitFor, WorkerProcess } from '../reassessment-support';
import { startTestApp, TestApp } from '../support/app';
import { createOrg } from '../support/factory';
import { gqlOk } from '../support/gql';
import { CREATE_ENDPOINT, Receiver } from '../webhooks-support';

/** Runs on Redis when REDIS_URL is set, otherwise on BullMQ's PostgreSQL backend (CI runs both). */
const backend = process.env.REDIS_URL ? 'redis' : 'postgres';
const EVENTS = 1000;
/** The API seals endpoint secrets and the worker process unseals them: both need the same key. */
const ENCRYPTION_KEY = randomBytes(32).toString('hex');

/**
 * At-least-once delivery across a crash: the worker app runs as a separate Node process and is SIGKILLed
 * while deliveries are in flight; a new worker finishes the job. The receiver counts distinct webhook-ids.
 */
describe(`webhook delivery across a worker crash on the ${backend} backend`, () => {
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  const receiver = new Receiver();
  const workers: WorkerProcess[] = [];

  const worker = () => {
    const w = spawnWorker({
      DATABASE_URL: db.url,
      ENCRYPTION_KEY,
      QUEUE_PREFIX: t.runtime.config.QUEUE_PREFIX,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_CONCURRENCY: '50',
      WEBHOOK_SWEEP_INTERVAL_MS: '2000',
      OUTBOX_RELAY_INTERVAL_MS: '1000',
      REASSESSMENT_SWEEP_INTERVAL_MS: '600000',
    });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    await receiver.start();
    db = await privateDatabase();
    t = await startTestApp({
      env: {
        DATABASE_URL: db.url,
        ENCRYPTION_KEY,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      },
    });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
    await db?.drop();
    await receiver.stop();
  });

  it(`delivers all ${EVENTS} events at least once after the worker is SIGKILLed mid-flight`, async () => {
    receiver.delayMs = 20;
    const org = await createOrg(t.http);
    const { endpoint } = (
      await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, { input: { url: receiver.url() } })
    ).createWebhookEndpoint;
    const first = worker();
    await first.ready;
    const uow = t.app.get(UnitOfWork);
    for (let batch = 0; batch < EVENTS / 100; batch++) {
      await uow.run(systemActor(org.organisationId), async (work) => {
        for (let i = 0; i < 100; i++)
          work.emit('risk.created', { riskId: randomUUID(), title: `Risk ${batch * 100 + i}` });
      });
    }
    await waitFor(async () => receiver.received.length >= 100, 60_000, 20);
    first.child.kill('SIGKILL');
    await first.exited;
    const seenAtCrash = receiver.distinctIds().size;
    expect(seenAtCrash).toBeLessThan(EVENTS);

    const second = worker();
    await second.ready;
    const repo = t.runtime.dataSource.getRepository(WebhookDelivery);
    await waitFor(
      async () => (await repo.countBy({ endpointId: endpoint.id, status: 'SUCCEEDED' as never })) === EVENTS,
      240_000,
      250,
    );

    const eventIds = (
      await t.runtime.dataSource.getRepository(OutboxEvent).findBy({ organisationId: org.organisationId })
    ).map((e) => e.id);
    expect(eventIds).toHaveLength(EVENTS);
    const received = receiver.distinctIds();
    expect(received.size).toBe(EVENTS);
    expect([...received].sort()).toEqual([...eventIds].sort());
    expect(await repo.countBy({ endpointId: endpoint.id })).toBe(EVENTS);
  }, 300_000);
});
