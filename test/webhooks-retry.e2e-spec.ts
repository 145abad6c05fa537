import { randomUUID } from 'node:crypto';
import { AppConfig, ManualClock } from '@aims/platform';
import {
  RETRY_DELAYS_MS,
  UrlGuard,
  WebhookAttempt,
  WebhookDelivery,
  WebhookSender,
  WebhookSweeper,
} from '@aims/webhooks';
import { privateDatabase } from './reassessment-support';
import { startTestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { CREATE_ENDPOINT, Receiver, verify, waitFor } from './webhooks-support';

const CREATE_RISK = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
const ENDPOINT = `query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason failingSince } }`;
const AUDIT = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 50) { edges { node { action changes } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const DAY = 24 * 3600_000;

/**
 * Retries, Retry-After, auto-disabling and outages, on a clock the test moves: the worker's sweep hands a
 * delivery whose next attempt the clock has reached back to the queue, so hours pass in milliseconds.
 */
describe('webhook retries on an injected clock', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const clock = new ManualClock(new Date());
  const receiver = new Receiver();

  // Days pass on this file's clock and the sweep prunes every organisation's logs: a database of its own.
  let db: Awaited<ReturnType<typeof privateDatabase>>;

  beforeAll(async () => {
    await receiver.start();
    db = await privateDatabase();
    t = await startTestApp({
      clock,
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

  const sweep = () => t.worker!.get(WebhookSweeper).sweep();
  const createEndpoint = async (org: TestOrg, input: Record<string, unknown>) =>
    (await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, { input })).createWebhookEndpoint;
  /** Logs in again first: tokens expire as the clock moves on. */
  const createRisk = async (org: TestOrg, title = 'A risk') => {
    const login = await gqlOk<any>(t.http, null, LOGIN, {
      input: { email: org.ownerEmail, password: org.password },
    });
    org.ownerToken = login.login.accessToken;
    return gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title } });
  };
  const deliveriesOf = (endpointId: string) =>
    t.runtime.dataSource
      .getRepository(WebhookDelivery)
      .find({ where: { endpointId }, order: { createdAt: 'ASC' } });
  const attemptsOf = (deliveryId: string) =>
    t.runtime.dataSource
      .getRepository(WebhookAttempt)
      .find({ where: { deliveryId }, order: { attemptedAt: 'ASC' } });
  /** Moves the clock to the delivery's next attempt and waits until it has been made. */
  const nextAttempt = async (delivery: WebhookDelivery) => {
    const before = delivery.attemptCount;
    clock.set(delivery.nextAttemptAt!);
    await sweep();
    return waitFor(async () => {
      const row = await t.runtime.dataSource
        .getRepository(WebhookDelivery)
        .findOneByOrFail({ id: delivery.id });
      return row.attemptCount > before ? row : undefined;
    });
  };

  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (jittered) under one webhook-id, then gives up', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    receiver.respond = (r) =>
      r.path === path ? { status: 500, body: 'down for maintenance' } : { status: 200 };
    const { endpoint, secret } = await createEndpoint(org, { url: receiver.url(path) });
    await createRisk(org);
    let delivery = await waitFor(async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.attemptCount === 1),
    );
    for (let i = 0; i < RETRY_DELAYS_MS.length; i++) delivery = await nextAttempt(delivery);

    expect(delivery).toMatchObject({
      status: 'FAILED',
      attemptCount: 8,
      nextAttemptAt: null,
      lastStatusCode: 500,
    });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts).toHaveLength(8);
    const gaps = attempts.slice(1).map((a, i) => a.attemptedAt.getTime() - attempts[i].attemptedAt.getTime());
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i] * 0.9);
      expect(gap).toBeLessThanOrEqual(RETRY_DELAYS_MS[i] * 1.1);
    });
    expect(attempts[0]).toMatchObject({ statusCode: 500, responseBody: 'down for maintenance' });

    const received = receiver.received.filter((r) => r.path === path);
    expect(received).toHaveLength(8);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    // The tolerance window: the first attempt was signed just now; the later ones carry timestamps hours
    // ahead of the receiver's real clock, and the reference library refuses them.
    expect(() => verify(secret, received[0])).not.toThrow();
    expect(() => verify(secret, received[3])).toThrow(/timestamp too new/);
  });

  it.each([
    [503, '3600', 3600_000],
    [429, '120', 120_000],
  ])('honours Retry-After on %p', async (status, retryAfter, expectedMs) => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    receiver.respond = (r) =>
      r.path === path ? { status, headers: { 'retry-after': retryAfter } } : { status: 200 };
    const { endpoint } = await createEndpoint(org, { url: receiver.url(path) });
    await createRisk(org);
    const delivery = await waitFor(async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.attemptCount === 1),
    );
    expect(delivery.nextAttemptAt!.getTime() - delivery.lastAttemptAt!.getTime()).toBe(expectedMs);
  });

  it('disables an endpoint whose every attempt failed for 5 days, audits it and tells the others', async () => {
    const org = await createOrg(t.http);
    const failing = `/${randomUUID()}`;
    const watcher = `/${randomUUID()}`;
    receiver.respond = (r) => (r.path === failing ? { status: 500 } : { status: 200 });
    const { endpoint } = await createEndpoint(org, {
      url: receiver.url(failing),
      eventTypes: ['risk.created'],
    });
    await createEndpoint(org, { url: receiver.url(watcher), eventTypes: ['webhook.endpoint_disabled'] });
    const start = clock.now();
    const failedAttempts = async (n: number) =>
      waitFor(async () => {
        const rows = await deliveriesOf(endpoint.id);
        return rows.reduce((sum, d) => sum + d.attemptCount, 0) >= n ? rows : undefined;
      });

    await createRisk(org, 'Day 0');
    await failedAttempts(1);
    for (const day of [1, 2, 3, 4]) {
      clock.set(new Date(start.getTime() + day * DAY));
      await createRisk(org, `Day ${day}`);
      await failedAttempts(day + 1);
      const read = (await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: endpoint.id })).webhookEndpoint;
      expect(read).toMatchObject({ enabled: true, failingSince: start.toISOString() });
    }
    clock.set(new Date(start.getTime() + 5 * DAY + 1000));
    await createRisk(org, 'Day 5');
    const notice = await waitFor(() => receiver.received.find((r) => r.path === watcher));
    expect(notice.json).toMatchObject({
      type: 'webhook.endpoint_disabled',
      data: {
        endpointId: endpoint.id,
        reason: 'every attempt failed for 5 days',
        failingSince: start.toISOString(),
      },
    });
    const read = (await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: endpoint.id })).webhookEndpoint;
    expect(read).toMatchObject({ enabled: false, disabledReason: 'every attempt failed for 5 days' });
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.every((d) => d.status === 'FAILED')).toBe(true);
    const audit = await gqlOk<any>(t.http, org.ownerToken, AUDIT, { filter: { entityId: endpoint.id } });
    expect(audit.auditEvents.edges.map((e: any) => e.node.action)).toContain('webhook_endpoint.disabled');
  });

  it('times an attempt, and signs it, from when it is sent, after waiting for a free send slot', async () => {
    const config = { ...t.worker!.get(AppConfig), WEBHOOK_CONCURRENCY: 1 } as AppConfig;
    const sender = new WebhookSender(t.worker!.get(UrlGuard), clock, config);
    const slow = new Receiver();
    slow.delayMs = 1000;
    await slow.start();
    try {
      const request = (id: string) => ({ url: slow.url(), id, body: '{}', secrets: [] });
      const sentFirst = clock.now();
      const first = sender.send(request('msg_first'));
      await waitFor(() => slow.received.length === 1);
      // The one slot is taken until the first answer comes; the second waits while time passes.
      const second = sender.send(request('msg_second'));
      const sentSecond = new Date(sentFirst.getTime() + 3600_000);
      clock.set(sentSecond);
      expect((await first).sentAt).toEqual(sentFirst);
      expect((await second).sentAt).toEqual(sentSecond);
      expect(slow.received[1].headers['webhook-timestamp']).toBe(
        String(Math.floor(sentSecond.getTime() / 1000)),
      );
    } finally {
      await sender.onApplicationShutdown();
      await slow.stop();
    }
  });

  it('a success ends a run of failures', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    let down = true;
    receiver.respond = (r) => (r.path === path && down ? { status: 502 } : { status: 200 });
    const { endpoint } = await createEndpoint(org, { url: receiver.url(path) });
    await createRisk(org);
    const delivery = await waitFor(async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.attemptCount === 1),
    );
    let read = (await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: endpoint.id })).webhookEndpoint;
    expect(read.failingSince).not.toBeNull();
    down = false;
    expect(await nextAttempt(delivery)).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
    read = (await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: endpoint.id })).webhookEndpoint;
    expect(read.failingSince).toBeNull();
  });

  it('delivers everything once a receiver that was down comes back', async () => {
    const org = await createOrg(t.http);
    const outage = await new Receiver().start();
    const port = outage.port;
    const { endpoint } = await createEndpoint(org, { url: outage.url('/hook') });
    await outage.stop();
    for (let i = 0; i < 5; i++) await createRisk(org, `During outage ${i}`);
    const failed = await waitFor(async () => {
      const rows = await deliveriesOf(endpoint.id);
      return rows.length === 5 && rows.every((d) => d.attemptCount === 1) ? rows : undefined;
    });
    expect(failed.every((d) => d.status === 'PENDING' && d.lastError)).toBe(true);
    // A minute passes with the receiver still down: the 5-second retries fail as well.
    for (const d of failed) await nextAttempt(d);
    clock.advance(60_000);
    const back = await new Receiver().start(port);
    try {
      for (const d of await deliveriesOf(endpoint.id)) await nextAttempt(d);
      await waitFor(async () => (await deliveriesOf(endpoint.id)).every((d) => d.status === 'SUCCEEDED'));
      expect(back.distinctIds().size).toBe(5);
      expect(back.received.map((r) => r.json.data.title).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `During outage ${i}`),
      );
    } finally {
      await back.stop();
    }
  });

  it('prunes finished delivery logs after the retention period, keeping pending ones', async () => {
    const [finished] = await t.runtime.dataSource.query(
      `SELECT count(*)::int AS n, min(COALESCE(last_attempt_at, created_at)) AS oldest,
              max(COALESCE(last_attempt_at, created_at)) AS newest
         FROM webhook_delivery WHERE status <> 'PENDING'`,
    );
    expect(finished.n).toBeGreaterThan(0);
    clock.set(new Date(new Date(finished.oldest).getTime() + 30 * DAY - 1000));
    expect((await sweep()).pruned).toBe(0);
    clock.set(new Date(new Date(finished.newest).getTime() + 30 * DAY + 1000));
    expect((await sweep()).pruned).toBe(finished.n);
    const left = await t.runtime.dataSource.query(
      `SELECT status, count(*)::int AS n FROM webhook_delivery GROUP BY status`,
    );
    expect(left.every((r: { status: string }) => r.status === 'PENDING')).toBe(true);
    const orphans = await t.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_attempt a LEFT JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.id IS NULL`,
    );
    expect(orphans[0].n).toBe(0);
  });
});
