import { randomUUID } from 'node:crypto';
import { Job } from 'bullmq';
import { QueueName } from '@aims/platform';
import {
  DUE_DELIVERY_COLUMNS,
  FIRST_ATTEMPT_HOLD_MS,
  FIRST_ATTEMPTS_PER_SEND,
  RETRY_DELAYS_MS,
  WebhookDelivery,
  WebhookDispatcher,
  WebhookFirstAttempts,
} from '@aims/webhooks';
import { privateDatabase } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { CREATE_ENDPOINT, Receiver, verify, waitFor } from './webhooks-support';

const CREATE_RISK = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;

/**
 * The first attempt of a delivery is made by the worker that fanned it out, straight after the commit;
 * its job waits, delayed until the hold ends, as the safety net, and the attempt then settles it.
 */
describe('webhook first attempts, made at fan-out', () => {
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    // The worker's sweep would requeue this file's held deliveries in other files' tests: a database of its own.
    db = await privateDatabase();
    t = await startTestApp({
      worker: true,
      env: {
        DATABASE_URL: db.url,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_SWEEP_INTERVAL_MS: '600000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await receiver.stop();
  });

  const queue = () => t.runtime.queues.queue(QueueName.Webhooks);
  const jobOf = (d: WebhookDelivery) => queue().getJob(`${d.eventId}_${d.endpointId}`);
  const createEndpoint = async (org: TestOrg, path: string) =>
    (await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, { input: { url: receiver.url(path) } }))
      .createWebhookEndpoint as { secret: string; endpoint: { id: string } };
  const settledDelivery = (endpointId: string) =>
    waitFor(async () => {
      const row = await t.runtime.dataSource.getRepository(WebhookDelivery).findOneBy({ endpointId });
      return row && row.attemptCount > 0 ? row : undefined;
    });

  it('sends at once and removes the waiting job once the delivery succeeded', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { secret, endpoint } = await createEndpoint(org, path);
    await gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title: 'Sent at fan-out' } });

    const delivery = await settledDelivery(endpoint.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1, nextAttemptAt: null });
    const received = receiver.received.filter((r) => r.path === path);
    expect(received).toHaveLength(1);
    expect(received[0].headers['webhook-id']).toBe(delivery.eventId);
    expect(() => verify(secret, received[0])).not.toThrow();
    // Nothing is left to run: the safety net was taken down once the attempt was recorded.
    await waitFor(async () => (await jobOf(delivery)) === undefined);
  });

  it('moves the waiting job to the next scheduled attempt when the first one fails', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    receiver.respond = (r) => (r.path === path ? { status: 500, body: 'later' } : { status: 200 });
    const { endpoint } = await createEndpoint(org, path);
    await gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title: 'Retried by its job' } });

    const delivery = await settledDelivery(endpoint.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 500 });
    const gap = delivery.nextAttemptAt!.getTime() - delivery.lastAttemptAt!.getTime();
    expect(gap).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0] * 0.9);
    expect(gap).toBeLessThanOrEqual(RETRY_DELAYS_MS[0] * 1.1);
    // The job, queued to run when the hold ends, now runs at the retry instead (well before the hold ends).
    const job = await waitFor(async () => {
      const found = await jobOf(delivery);
      return found && found.delay < FIRST_ATTEMPT_HOLD_MS ? found : undefined;
    });
    expect(await job.getState()).toBe('delayed');
    expect(job.delay).toBeLessThanOrEqual(RETRY_DELAYS_MS[0] * 1.1);
    // The job makes the second attempt under the same webhook-id.
    receiver.respond = () => ({ status: 200 });
    await waitFor(
      async () =>
        (await t.runtime.dataSource.getRepository(WebhookDelivery).findOneByOrFail({ id: delivery.id }))
          .status === 'SUCCEEDED',
      20_000,
    );
    const received = receiver.received.filter((r) => r.path === path);
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.eventId]));
  });

  it('logs the first 4 KiB of a long answer, and the attempt with it', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const answer = 'é'.repeat(3000) + 'x'.repeat(4000);
    receiver.respond = (r) => (r.path === path ? { status: 200, body: answer } : { status: 200 });
    const { endpoint } = await createEndpoint(org, path);
    await gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title: 'Long answer' } });
    const delivery = await settledDelivery(endpoint.id);
    expect(delivery.status).toBe('SUCCEEDED');
    const [attempt] = await t.runtime.dataSource.query(
      `SELECT response_body FROM webhook_attempt WHERE delivery_id = $1 AND organisation_id = $2`,
      [delivery.id, org.organisationId],
    );
    // 4,096 bytes: 2,048 two-byte characters, cut on a character boundary here.
    expect(attempt.response_body).toBe(Buffer.from(answer).subarray(0, 4096).toString('utf8'));
    expect(attempt.response_body).toHaveLength(2048);
    receiver.respond = () => ({ status: 200 });
  });

  /** `count` pending deliveries to the endpoint held for `holdSeconds`, as fan-out hands them over. */
  const heldDeliveries = async (org: TestOrg, endpointId: string, count: number, holdSeconds: number) =>
    t.runtime.dataSource.query(
      `WITH d AS (
         INSERT INTO webhook_delivery (organisation_id, endpoint_id, event_id, event_type, body, next_attempt_at)
         SELECT $1, $2, gen_random_uuid(), 'risk.created', '{}', now() + make_interval(secs => $4)
           FROM generate_series(1, $3) RETURNING *)
       SELECT ${DUE_DELIVERY_COLUMNS}, d.body
         FROM d JOIN webhook_endpoint e ON e.id = d.endpoint_id
        ORDER BY d.created_at, d.id`,
      [org.organisationId, endpointId, count, holdSeconds],
    );
  const rowsOf = (endpointId: string) =>
    t.runtime.dataSource.getRepository(WebhookDelivery).findBy({ endpointId });

  it('leaves a first attempt to its job when too little of the hold is left to make it', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { endpoint } = await createEndpoint(org, path);
    // A hold ending sooner than a delivery may take: the job's turn could come before the attempt ended.
    const [held] = await heldDeliveries(org, endpoint.id, 1, 5);
    const attempted = await t.worker!.get(WebhookDispatcher, { strict: false }).attemptHeld(held);
    expect(attempted).toEqual({ outcome: 'deferred', retryInMs: null });
    expect(receiver.received.some((r) => r.path === path)).toBe(false);
    expect(await rowsOf(endpoint.id)).toMatchObject([{ status: 'PENDING', attemptCount: 0 }]);
  });

  it('stops starting first attempts once shutdown begins, and finishes the ones under way', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { endpoint } = await createEndpoint(org, path);
    const slow = receiver.delayMs;
    receiver.delayMs = 300;
    // One send slot: room for FIRST_ATTEMPTS_PER_SEND under way; the two after them wait for room.
    const firstAttempts = new WebhookFirstAttempts(t.worker!.get(WebhookDispatcher, { strict: false }), {
      WEBHOOK_CONCURRENCY: 1,
    } as never);
    try {
      const deliveries = await heldDeliveries(org, endpoint.id, FIRST_ATTEMPTS_PER_SEND + 2, 60);
      const started = firstAttempts.start(
        deliveries,
        deliveries.map(() => undefined as Job | undefined),
      );
      await waitFor(async () => receiver.received.some((r) => r.path === path));
      await firstAttempts.beforeApplicationShutdown();
      await started;
      const rows = await rowsOf(endpoint.id);
      // The ones under way were sent and recorded; the last two are left, untouched, to their jobs.
      const attempted = rows.filter((r) => r.attemptCount === 1);
      expect(attempted).toHaveLength(FIRST_ATTEMPTS_PER_SEND);
      expect(attempted.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      const left = rows.filter((r) => r.attemptCount === 0);
      expect(left.map((r) => r.id).sort()).toEqual(
        deliveries
          .slice(-2)
          .map((d: any) => d.deliveryId)
          .sort(),
      );
      expect(left.every((r) => r.status === 'PENDING')).toBe(true);
      expect(receiver.received.filter((r) => r.path === path)).toHaveLength(FIRST_ATTEMPTS_PER_SEND);
    } finally {
      receiver.delayMs = slow;
    }
  });
});
