import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '@aims/audit-log';
import { Clock, SecretBox } from '@aims/platform';
import {
  SendResult,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookDispatcher,
} from '@aims/webhooks';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { CREATE_ENDPOINT, Receiver } from './webhooks-support';

const REDELIVER = `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { id status } } }`;

/**
 * An attempt whose delivery changed while it was in flight (its endpoint disabled by a 410 elsewhere, or a
 * redelivery asked for) writes nothing: the delivery keeps the state it was given meanwhile.
 */
describe('webhook attempt recorded after its delivery changed', () => {
  let t: TestApp;
  let org: TestOrg;
  let endpointId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    org = await createOrg(t.http, 'Webhook Race Org');
    const created = await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
      input: { url: 'http://127.0.0.1:9/hooks', eventTypes: [] },
    });
    endpointId = created.createWebhookEndpoint.endpoint.id;
  });
  afterAll(() => t?.close());

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
    t.runtime.dataSource.query(query, params);
  /** A dispatcher on the app's own parts whose send runs `meanwhile` and then answers 500. */
  const dispatcher = (meanwhile: () => Promise<unknown>) =>
    new WebhookDispatcher(
      t.runtime.dataSource,
      t.app.get(UnitOfWork, { strict: false }),
      t.app.get(Clock, { strict: false }),
      t.app.get(SecretBox, { strict: false }),
      {
        send: async (): Promise<SendResult> => {
          const sentAt = new Date();
          await meanwhile();
          return {
            sentAt,
            statusCode: 500,
            latencyMs: 1,
            responseBody: 'oops',
            retryAfter: null,
            error: null,
          };
        },
      } as never,
    );
  const pendingDelivery = () =>
    t.runtime.dataSource.getRepository(WebhookDelivery).save({
      organisationId: org.organisationId,
      endpointId,
      eventId: randomUUID(),
      eventType: 'risk.created',
      body: '{}',
      nextAttemptAt: new Date(Date.now() - 1000),
    });
  const attempts = (deliveryId: string) =>
    t.runtime.dataSource.getRepository(WebhookAttempt).countBy({ deliveryId });

  it('keeps a delivery FAILED when its endpoint was disabled during the attempt', async () => {
    const delivery = await pendingDelivery();
    const result = await dispatcher(async () => {
      await sql(`UPDATE webhook_endpoint SET enabled = false WHERE id = $1`, [endpointId]);
      await sql(
        `UPDATE webhook_delivery SET status = 'FAILED', next_attempt_at = NULL WHERE endpoint_id = $1 AND status = 'PENDING'`,
        [endpointId],
      );
    }).attempt(delivery.id);
    const [endpoint] = await sql(`SELECT enabled, failing_since FROM webhook_endpoint WHERE id = $1`, [
      endpointId,
    ]);
    await sql(`UPDATE webhook_endpoint SET enabled = true WHERE id = $1`, [endpointId]);
    expect(result).toEqual({ outcome: 'skipped', retryInMs: null });
    const row = await t.runtime.dataSource
      .getRepository(WebhookDelivery)
      .findOneByOrFail({ id: delivery.id });
    expect(row.status).toBe(WebhookDeliveryStatus.FAILED);
    expect(row.attemptCount).toBe(0);
    expect(await attempts(delivery.id)).toBe(0);
    expect(endpoint).toEqual({ enabled: false, failing_since: null });
  });

  it('keeps a redelivery asked for during the attempt', async () => {
    const delivery = await pendingDelivery();
    await sql(`UPDATE webhook_delivery SET attempts_in_round = 3 WHERE id = $1`, [delivery.id]);
    const result = await dispatcher(() =>
      gqlOk(t.http, org.ownerToken, REDELIVER, { input: { deliveryId: delivery.id } }),
    ).attempt(delivery.id);
    expect(result.outcome).toBe('skipped');
    const row = await t.runtime.dataSource
      .getRepository(WebhookDelivery)
      .findOneByOrFail({ id: delivery.id });
    expect(row.status).toBe(WebhookDeliveryStatus.PENDING);
    expect(row.attemptsInRound).toBe(0);
    expect(row.lastError).toBeNull();
    expect(await attempts(delivery.id)).toBe(0);
  });

  it('records an attempt whose delivery did not change', async () => {
    const delivery = await pendingDelivery();
    const result = await dispatcher(async () => undefined).attempt(delivery.id);
    expect(result.outcome).toBe('retrying');
    const row = await t.runtime.dataSource
      .getRepository(WebhookDelivery)
      .findOneByOrFail({ id: delivery.id });
    expect(row).toMatchObject({ status: WebhookDeliveryStatus.PENDING, attemptsInRound: 1, attemptCount: 1 });
    expect(await attempts(delivery.id)).toBe(1);
  });

  it('records a failed attempt when the endpoint secret cannot be unsealed', async () => {
    const created = await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
      input: { url: 'http://127.0.0.1:9/sealed', eventTypes: [] },
    });
    const sealedEndpointId = created.createWebhookEndpoint.endpoint.id;
    // Sealed for another row: it does not open for this one (as after a changed ENCRYPTION_KEY).
    const box = t.app.get(SecretBox, { strict: false });
    await sql(`UPDATE webhook_endpoint SET secret_sealed = $2 WHERE id = $1`, [
      sealedEndpointId,
      box.seal('whsec_other', randomUUID()),
    ]);
    const delivery = await t.runtime.dataSource.getRepository(WebhookDelivery).save({
      organisationId: org.organisationId,
      endpointId: sealedEndpointId,
      eventId: randomUUID(),
      eventType: 'risk.created',
      body: '{}',
      nextAttemptAt: new Date(Date.now() - 1000),
    });
    let sent = 0;
    const result = await dispatcher(async () => (sent += 1)).attempt(delivery.id);
    expect(sent).toBe(0);
    expect(result.outcome).toBe('retrying');
    const logged = await sql(
      `SELECT status_code, error FROM webhook_attempt WHERE delivery_id = $1 AND organisation_id = $2`,
      [delivery.id, org.organisationId],
    );
    expect(logged).toEqual([
      { status_code: null, error: expect.stringContaining('the endpoint secret cannot be unsealed') },
    ]);
    const row = await t.runtime.dataSource
      .getRepository(WebhookDelivery)
      .findOneByOrFail({ id: delivery.id });
    expect(row).toMatchObject({ status: WebhookDeliveryStatus.PENDING, attemptsInRound: 1, attemptCount: 1 });
    expect(row.lastError).toContain('the endpoint secret cannot be unsealed');
  });

  it('records every attempt of jobs running at once, their writes shared', async () => {
    const created = await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
      input: { url: 'http://127.0.0.1:9/together', eventTypes: [] },
    });
    const togetherId = created.createWebhookEndpoint.endpoint.id;
    const deliveries = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.runtime.dataSource.getRepository(WebhookDelivery).save({
          organisationId: org.organisationId,
          endpointId: togetherId,
          eventId: randomUUID(),
          eventType: 'risk.created',
          body: '{}',
          nextAttemptAt: new Date(Date.now() - 1000),
        }),
      ),
    );
    const shared = dispatcher(async () => undefined);
    const results = await Promise.all(deliveries.map((d) => shared.attempt(d.id)));
    expect(results.map((r) => r.outcome)).toEqual(Array(6).fill('retrying'));
    const rows = await sql(
      `SELECT d.attempts_in_round, d.attempt_count, d.last_status_code,
              (SELECT count(*)::int FROM webhook_attempt a WHERE a.delivery_id = d.id) AS attempts
         FROM webhook_delivery d WHERE d.endpoint_id = $1 AND d.organisation_id = $2`,
      [togetherId, org.organisationId],
    );
    expect(rows).toEqual(
      Array(6).fill({ attempts_in_round: 1, attempt_count: 1, last_status_code: 500, attempts: 1 }),
    );
    const [endpoint] = await sql(`SELECT failing_since FROM webhook_endpoint WHERE id = $1`, [togetherId]);
    expect(endpoint.failing_since).not.toBeNull();
  });

  it('records the attempts of jobs sent at once when an endpoint answers a body with a NUL byte', async () => {
    const receiver = await new Receiver().start();
    receiver.respond = (r) => ({ status: 500, body: r.path === '/nul' ? 'bad\u0000body' : 'oops' });
    const other = await createOrg(t.http, 'Webhook Neighbour Org');
    try {
      const deliveries = [];
      for (const [owner, path] of [
        [org, '/nul'],
        [other, '/fine'],
        [other, '/fine'],
      ] as const) {
        const created = await gqlOk<any>(t.http, owner.ownerToken, CREATE_ENDPOINT, {
          input: { url: receiver.url(path), eventTypes: [] },
        });
        deliveries.push(
          await t.runtime.dataSource.getRepository(WebhookDelivery).save({
            organisationId: owner.organisationId,
            endpointId: created.createWebhookEndpoint.endpoint.id,
            eventId: randomUUID(),
            eventType: 'risk.created',
            body: '{}',
            nextAttemptAt: new Date(Date.now() - 1000),
          }),
        );
      }
      const real = t.app.get(WebhookDispatcher, { strict: false });
      const results = await Promise.all(deliveries.map((d) => real.attempt(d.id)));
      expect(results.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'retrying']);
      const logged = await sql(
        `SELECT organisation_id, status_code, response_body FROM webhook_attempt
          WHERE delivery_id = ANY($1::uuid[]) ORDER BY response_body`,
        [deliveries.map((d) => d.id)],
      );
      expect(logged).toEqual([
        { organisation_id: org.organisationId, status_code: 500, response_body: 'bad\uFFFDbody' },
        { organisation_id: other.organisationId, status_code: 500, response_body: 'oops' },
        { organisation_id: other.organisationId, status_code: 500, response_body: 'oops' },
      ]);
    } finally {
      await receiver.stop();
    }
  });
});
