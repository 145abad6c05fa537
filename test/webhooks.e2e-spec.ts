import { randomUUID } from 'node:crypto';
import { Role } from '@aims/platform';
import { WebhookEndpoint } from '@aims/webhooks';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';
import { CREATE_ENDPOINT, ENDPOINT_FIELDS, Receiver, verify, waitFor } from './webhooks-support';

const CREATE_RISK = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { ${ENDPOINT_FIELDS} } } }`;
const DELETE = `mutation($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { id } }`;
const ROTATE = `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
const TEST = `mutation($input: WebhookEndpointIdInput!) { testWebhookEndpoint(input: $input) { delivery { id eventId eventType status } } }`;
const REDELIVER = `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { id eventId status } } }`;
const REPLAY = `mutation($input: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $input) { queued } }`;
const ENDPOINT = `query($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT_FIELDS} } }`;
const ENDPOINTS = `{ webhookEndpoints { id } }`;
const EVENT_TYPES = `{ webhookEventTypes { type description example } }`;
const DELIVERIES = `query($endpointId: ID!, $filter: WebhookDeliveryFilter, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $endpointId, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventId eventType status attemptCount lastStatusCode lastError payload
      attempts { attemptedAt statusCode latencyMs responseBody error } } }
  }
}`;
const AUDIT = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 50) { edges { node { action entityId changes } } } }`;

describe('webhooks: endpoints, signed delivery, log, replay', () => {
  let t: TestApp;
  const receiver = new Receiver();
  const other = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    await other.start();
    t = await startTestApp({
      worker: true,
      env: {
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        OUTBOX_RELAY_INTERVAL_MS: '60000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    await other.stop();
  });

  const createEndpoint = async (org: TestOrg, input: Record<string, unknown>, token = org.ownerToken) =>
    (await gqlOk<any>(t.http, token, CREATE_ENDPOINT, { input })).createWebhookEndpoint as {
      secret: string;
      endpoint: { id: string; url: string; eventTypes: string[]; enabled: boolean };
    };
  const createRisk = async (org: TestOrg, title = 'A risk') =>
    (await gqlOk<any>(t.http, org.ownerToken, CREATE_RISK, { input: { title } })).createRisk.risk
      .id as string;
  const deliveries = async (org: TestOrg, endpointId: string, filter?: Record<string, unknown>) =>
    (await gqlOk<any>(t.http, org.ownerToken, DELIVERIES, { endpointId, filter })).webhookDeliveries;
  const endpointCount = () => t.runtime.dataSource.getRepository(WebhookEndpoint).count();

  it('delivers a committed event, signed as Standard Webhooks verifies it, with the event id as webhook-id', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { secret, endpoint } = await createEndpoint(org, {
      url: receiver.url(path),
      description: 'Integration',
      eventTypes: ['risk.created'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ enabled: true, eventTypes: ['risk.created'] });
    // The secret is shown once: no field of the endpoint carries it.
    const read = await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: endpoint.id });
    expect(JSON.stringify(read)).not.toContain(secret.slice(6));
    const stored = await t.runtime.dataSource
      .getRepository(WebhookEndpoint)
      .findOneByOrFail({ id: endpoint.id });
    expect(stored.secretSealed).not.toContain(secret.slice(6));

    const riskId = await createRisk(org, 'Drift');
    const got = await waitFor(() => receiver.received.find((r) => r.path === path));
    expect(verify(secret, got)).toMatchObject({ type: 'risk.created', data: { riskId, title: 'Drift' } });
    expect(got.headers['content-type']).toBe('application/json');
    const event = await t.runtime.dataSource.query(
      `SELECT id, created_at FROM outbox_event WHERE organisation_id = $1 AND type = 'risk.created'`,
      [org.organisationId],
    );
    expect(got.headers['webhook-id']).toBe(event[0].id);
    expect(got.json.timestamp).toBe(new Date(event[0].created_at).toISOString());
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, got)).toThrow();

    const log = await waitFor(async () => {
      const page = await deliveries(org, endpoint.id);
      return page.edges[0]?.node.status === 'SUCCEEDED' ? page : undefined;
    });
    expect(log.totalCount).toBe(1);
    expect(log.edges[0].node).toMatchObject({
      eventId: event[0].id,
      eventType: 'risk.created',
      attemptCount: 1,
      lastStatusCode: 200,
      payload: JSON.parse(got.body),
      attempts: [{ statusCode: 200, responseBody: 'ok', error: null }],
    });
  });

  it('sends only subscribed types; an empty list subscribes to every type; disabled endpoints get nothing', async () => {
    const org = await createOrg(t.http);
    const [all, onlyClosed, off] = [`/${randomUUID()}`, `/${randomUUID()}`, `/${randomUUID()}`];
    await createEndpoint(org, { url: receiver.url(all) });
    await createEndpoint(org, { url: receiver.url(onlyClosed), eventTypes: ['risk.closed'] });
    await createEndpoint(org, { url: receiver.url(off), enabled: false });
    await createRisk(org);
    await waitFor(() => receiver.received.some((r) => r.path === all));
    // The relay handled the event for all three endpoints in one transaction: nothing else is on its way.
    const rows = await t.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE organisation_id = $1`,
      [org.organisationId],
    );
    expect(rows[0].n).toBe(1);
    expect(receiver.received.filter((r) => r.path === onlyClosed || r.path === off)).toHaveLength(0);
  });

  it('lists the event catalog with an example per type', async () => {
    const org = await createOrg(t.http);
    const { webhookEventTypes } = await gqlOk<any>(t.http, org.ownerToken, EVENT_TYPES);
    const types = webhookEventTypes.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['reassessment.escalated', 'webhook.test', 'webhook.endpoint_disabled']),
    );
    for (const entry of webhookEventTypes) {
      expect(entry.description).not.toBe('');
      expect(typeof entry.example).toBe('object');
    }
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const org = await createOrg(t.http);
    const before = await endpointCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'not a url' }, 'input.url'],
      [{ url: 'ftp://127.0.0.1/hook' }, 'input.url'],
      [{ url: 'http://user:pw@127.0.0.1/hook' }, 'input.url'],
      [{ url: receiver.url(), eventTypes: ['risk.created', 'risk.exploded'] }, 'input.eventTypes'],
      [{ url: '' }, 'input.url'],
    ];
    for (const [input, field] of cases) {
      const res = await gql(t.http, org.ownerToken, CREATE_ENDPOINT, { input });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toContain(field);
    }
    expect(await endpointCount()).toBe(before);

    const { endpoint } = await createEndpoint(org, { url: receiver.url() });
    const bad = await gql(t.http, org.ownerToken, UPDATE, {
      input: { id: endpoint.id, eventTypes: ['nope'] },
    });
    expect(badFields(bad)).toEqual(['input.eventTypes']);
    const badUrl = await gql(t.http, org.ownerToken, UPDATE, {
      input: { id: endpoint.id, url: 'gopher://x' },
    });
    expect(badFields(badUrl)).toEqual(['input.url']);
    const rotate = await gql(t.http, org.ownerToken, ROTATE, {
      input: { id: endpoint.id, overlapHours: 1000 },
    });
    expect(badFields(rotate)).toEqual(['input.overlapHours']);
    const replay = await gql(t.http, org.ownerToken, REPLAY, {
      input: { endpointId: endpoint.id, since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
    });
    expect(badFields(replay)).toEqual(['input.until']);
    const stored = await t.runtime.dataSource
      .getRepository(WebhookEndpoint)
      .findOneByOrFail({ id: endpoint.id });
    expect(stored).toMatchObject({ eventTypes: [], url: receiver.url() });
  });

  it('lets owners and admins manage endpoints, compliance officers read them, and no one else', async () => {
    const org = await createOrg(t.http);
    const tokens = await tokensByRole(t.http, org);
    const { endpoint } = await createEndpoint(org, { url: receiver.url() }, tokens[Role.ADMIN]);
    for (const role of [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER]) {
      await gqlOk(t.http, tokens[role], ENDPOINTS);
      await gqlOk(t.http, tokens[role], ENDPOINT, { id: endpoint.id });
      await gqlOk(t.http, tokens[role], DELIVERIES, { endpointId: endpoint.id });
      await gqlOk(t.http, tokens[role], EVENT_TYPES);
    }
    for (const role of [Role.AUDITOR, Role.VIEWER]) {
      for (const [query, vars] of [
        [ENDPOINTS, {}],
        [ENDPOINT, { id: endpoint.id }],
        [DELIVERIES, { endpointId: endpoint.id }],
        [EVENT_TYPES, {}],
      ] as const) {
        expect(errorCode(await gql(t.http, tokens[role], query, vars))).toBe('FORBIDDEN');
      }
    }
    const before = await endpointCount();
    for (const role of [Role.COMPLIANCE_OFFICER, Role.AUDITOR, Role.VIEWER]) {
      const token = tokens[role];
      expect(errorCode(await gql(t.http, token, CREATE_ENDPOINT, { input: { url: receiver.url() } }))).toBe(
        'FORBIDDEN',
      );
      expect(
        errorCode(await gql(t.http, token, UPDATE, { input: { id: endpoint.id, enabled: false } })),
      ).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.http, token, ROTATE, { input: { id: endpoint.id } }))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.http, token, TEST, { input: { id: endpoint.id } }))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.http, token, DELETE, { input: { id: endpoint.id } }))).toBe('FORBIDDEN');
    }
    expect(await endpointCount()).toBe(before);
    await gqlOk(t.http, tokens[Role.OWNER], DELETE, { input: { id: endpoint.id } });
    expect(await endpointCount()).toBe(before - 1);
  });

  it('keeps organisations apart: foreign endpoints and deliveries behave as missing; events never cross', async () => {
    const a = await createOrg(t.http, 'Org A');
    const b = await createOrg(t.http, 'Org B');
    const [pathA, pathB] = [`/${randomUUID()}`, `/${randomUUID()}`];
    const { endpoint: ea } = await createEndpoint(a, { url: receiver.url(pathA) });
    await createEndpoint(b, { url: receiver.url(pathB) });
    await createRisk(a, 'Only for A');
    await waitFor(() => receiver.received.some((r) => r.path === pathA));
    const delivery = (await waitFor(async () => (await deliveries(a, ea.id)).edges[0]?.node)) as {
      id: string;
    };
    await createRisk(b, 'Only for B');
    await waitFor(() => receiver.received.some((r) => r.path === pathB));
    expect(receiver.received.filter((r) => r.path === pathB).map((r) => r.json.data.title)).toEqual([
      'Only for B',
    ]);
    expect(receiver.received.filter((r) => r.path === pathA).map((r) => r.json.data.title)).toEqual([
      'Only for A',
    ]);

    const asB = (query: string, vars: (id: string) => Record<string, unknown>) => (id: string) =>
      gql(t.http, b.ownerToken, query, vars(id));
    await expectForeignIdBehavesAsMissing(
      asB(ENDPOINT, (id) => ({ id })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(DELIVERIES, (endpointId) => ({ endpointId })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(UPDATE, (id) => ({ input: { id, description: 'x' } })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(ROTATE, (id) => ({ input: { id } })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(TEST, (id) => ({ input: { id } })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(REPLAY, (endpointId) => ({
        input: { endpointId, since: '2020-01-01T00:00:00Z', until: '2030-01-01T00:00:00Z' },
      })),
      ea.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(REDELIVER, (deliveryId) => ({ input: { deliveryId } })),
      delivery.id,
    );
    await expectForeignIdBehavesAsMissing(
      asB(DELETE, (id) => ({ input: { id } })),
      ea.id,
    );
    const listed = await gqlOk<any>(t.http, b.ownerToken, ENDPOINTS);
    expect(listed.webhookEndpoints.map((e: { id: string }) => e.id)).not.toContain(ea.id);
    expect(
      (await gqlOk<any>(t.http, a.ownerToken, ENDPOINT, { id: ea.id })).webhookEndpoint.description,
    ).toBeNull();
  });

  it('rotates the secret: both signatures during the overlap, only the new one without it', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { secret: first, endpoint } = await createEndpoint(org, { url: receiver.url(path) });
    const rotated = (await gqlOk<any>(t.http, org.ownerToken, ROTATE, { input: { id: endpoint.id } }))
      .rotateWebhookSecret;
    expect(rotated.secret).not.toBe(first);
    expect(Date.parse(rotated.endpoint.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await createRisk(org, 'During overlap');
    const during = await waitFor(() => receiver.received.find((r) => r.path === path));
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => verify(first, during)).not.toThrow();
    expect(() => verify(rotated.secret, during)).not.toThrow();

    const third = (
      await gqlOk<any>(t.http, org.ownerToken, ROTATE, { input: { id: endpoint.id, overlapHours: 0 } })
    ).rotateWebhookSecret;
    await createRisk(org, 'After overlap');
    const after = await waitFor(() =>
      receiver.received.find((r) => r.path === path && r.json.data.title === 'After overlap'),
    );
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => verify(third.secret, after)).not.toThrow();
    expect(() => verify(rotated.secret, after)).toThrow();
    expect(() => verify(first, after)).toThrow();
    const audit = await gqlOk<any>(t.http, org.ownerToken, AUDIT, { filter: { entityId: endpoint.id } });
    expect(audit.auditEvents.edges.map((e: any) => e.node.action)).toEqual(
      expect.arrayContaining(['webhook_endpoint.created', 'webhook_endpoint.secret_rotated']),
    );
  });

  it('tests an endpoint, redelivers under the same webhook-id, and replays a window (audited)', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const { secret, endpoint } = await createEndpoint(org, { url: receiver.url(path) });
    const tested = (await gqlOk<any>(t.http, org.ownerToken, TEST, { input: { id: endpoint.id } }))
      .testWebhookEndpoint;
    expect(tested.delivery).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });
    const test = await waitFor(() => receiver.received.find((r) => r.path === path));
    expect(verify(secret, test)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect(test.headers['webhook-id']).toBe(tested.delivery.eventId);

    const since = new Date(Date.now() - 1000).toISOString();
    await createRisk(org, 'One');
    await createRisk(org, 'Two');
    await waitFor(() => receiver.received.filter((r) => r.path === path).length >= 3);
    const log = await deliveries(org, endpoint.id, { eventType: ['risk.created'] });
    expect(log.totalCount).toBe(2);
    const first = log.edges[1].node;
    await waitFor(
      async () => (await deliveries(org, endpoint.id, { status: ['SUCCEEDED'] })).totalCount === 3,
    );

    await gqlOk(t.http, org.ownerToken, REDELIVER, { input: { deliveryId: first.id } });
    await waitFor(
      () => receiver.received.filter((r) => r.headers['webhook-id'] === first.eventId).length === 2,
    );
    const both = receiver.received.filter((r) => r.headers['webhook-id'] === first.eventId);
    expect(both[1].body).toBe(both[0].body);
    verify(secret, both[1]);

    const until = new Date(Date.now() + 1000).toISOString();
    const replayed = await gqlOk<any>(t.http, org.ownerToken, REPLAY, {
      input: { endpointId: endpoint.id, since, until, eventTypes: ['risk.created'] },
    });
    expect(replayed.replayWebhookEvents.queued).toBe(2);
    await waitFor(() => receiver.received.filter((r) => r.path === path).length === 6);
    const ids = receiver.received
      .filter((r) => r.path === path && r.json.type === 'risk.created')
      .map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(2);
    const redelivered = await waitFor(async () => {
      const page = await deliveries(org, endpoint.id, { eventType: ['risk.created'] });
      const node = page.edges.find((e: any) => e.node.id === first.id)?.node;
      return node?.attemptCount === 3 && node.status === 'SUCCEEDED' ? node : undefined;
    });
    expect(redelivered.attempts).toHaveLength(3);
    const audit = await gqlOk<any>(t.http, org.ownerToken, AUDIT, { filter: { entityId: endpoint.id } });
    const replayAudit = audit.auditEvents.edges.find(
      (e: any) => e.node.action === 'webhook_endpoint.replayed',
    );
    expect(replayAudit.node.changes).toMatchObject({ events: 2, eventTypes: ['risk.created'] });
  });

  it('disables an endpoint that answers 410 Gone, audits it, and tells the other endpoints', async () => {
    const org = await createOrg(t.http);
    const gonePath = `/${randomUUID()}`;
    const otherPath = `/${randomUUID()}`;
    receiver.respond = (r) => (r.path === gonePath ? { status: 410 } : { status: 200 });
    try {
      const { endpoint: gone } = await createEndpoint(org, {
        url: receiver.url(gonePath),
        eventTypes: ['risk.created'],
      });
      const { secret } = await createEndpoint(org, {
        url: other.url(otherPath),
        eventTypes: ['webhook.endpoint_disabled'],
      });
      await createRisk(org);
      const notice = await waitFor(() => other.received.find((r) => r.path === otherPath));
      expect(verify(secret, notice)).toMatchObject({
        type: 'webhook.endpoint_disabled',
        data: { endpointId: gone.id, url: gone.url, reason: 'the endpoint answered 410 Gone' },
      });
      const read = (await gqlOk<any>(t.http, org.ownerToken, ENDPOINT, { id: gone.id })).webhookEndpoint;
      expect(read).toMatchObject({ enabled: false, disabledReason: 'the endpoint answered 410 Gone' });
      expect(receiver.received.filter((r) => r.path === gonePath)).toHaveLength(1);
      const audit = await gqlOk<any>(t.http, org.ownerToken, AUDIT, { filter: { entityId: gone.id } });
      expect(audit.auditEvents.edges.map((e: any) => e.node.action)).toContain('webhook_endpoint.disabled');
      // Re-enabling clears the reason.
      const enabled = await gqlOk<any>(t.http, org.ownerToken, UPDATE, {
        input: { id: gone.id, enabled: true },
      });
      expect(enabled.updateWebhookEndpoint.endpoint).toMatchObject({ enabled: true, disabledReason: null });
    } finally {
      receiver.respond = () => ({ status: 200, body: 'ok' });
    }
  });

  it('does not follow redirects: a 3xx is a failed attempt and the target is never called', async () => {
    const org = await createOrg(t.http);
    const path = `/${randomUUID()}`;
    const target = `/${randomUUID()}`;
    receiver.respond = (r) =>
      r.path === path ? { status: 302, headers: { location: other.url(target) } } : { status: 200 };
    try {
      const { endpoint } = await createEndpoint(org, { url: receiver.url(path) });
      await createRisk(org);
      const row = await waitFor(async () => (await deliveries(org, endpoint.id)).edges[0]?.node.attempts[0]);
      expect(row.statusCode).toBe(302);
      const delivery = (await deliveries(org, endpoint.id)).edges[0].node;
      expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: 302 });
      expect(other.received.filter((r) => r.path === target)).toHaveLength(0);
    } finally {
      receiver.respond = () => ({ status: 200, body: 'ok' });
    }
  });
});
