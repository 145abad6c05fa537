import { Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';
import { CREATE_ENDPOINT, ENDPOINT_FIELDS, Receiver } from './webhooks-support';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { ${ENDPOINT_FIELDS} } } }`;
const DELETE = `mutation($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { id } }`;
const ROTATE = `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { id } } }`;
const TEST = `mutation($input: WebhookEndpointIdInput!) { testWebhookEndpoint(input: $input) { delivery { id } } }`;
const REPLAY = `mutation($input: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $input) { queued } }`;
const ENDPOINTS = `{ webhookEndpoints { id } }`;

/**
 * A webhook secret is a credential handed to a third party, and an endpoint's URL decides where the
 * organisation's events go: creating, re-pointing, deleting an endpoint and rotating its secret need a
 * signed-in member, like API keys and invitations. Operating existing endpoints (test, replay) and reading
 * them stay open to automation with the role.
 */
describe('webhook endpoint management needs a signed-in member', () => {
  let t: TestApp;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const footprint = async (organisationId: string) =>
    (
      await t.runtime.dataSource.query(
        `SELECT (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events,
                (SELECT json_agg(json_build_object('id', id, 'url', url, 'secret', secret_sealed, 'enabled', enabled) ORDER BY id)
                   FROM webhook_endpoint WHERE organisation_id = $1) AS endpoints`,
        [organisationId],
      )
    )[0];

  it('refuses create, update, delete and rotate to an ADMIN API key, writing nothing', async () => {
    const org = await createOrg(t.http);
    const { createWebhookEndpoint: created } = await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
      input: { url: receiver.url() },
    });
    const id = created.endpoint.id as string;
    const { createApiKey: key } = await gqlOk<any>(t.http, org.ownerToken, CREATE_KEY, {
      input: { name: 'automation', role: 'ADMIN' },
    });
    const before = await footprint(org.organisationId);
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_ENDPOINT, { url: receiver.url('/other') }],
      [UPDATE, { id, url: receiver.url('/elsewhere') }],
      [DELETE, { id }],
      [ROTATE, { id, overlapHours: 0 }],
    ];
    for (const [query, input] of attempts) {
      const res = await gql(t.http, key.secret, query, { input });
      expect({ query, code: errorCode(res) }).toEqual({ query, code: 'FORBIDDEN' });
    }
    expect(await footprint(org.organisationId)).toEqual(before);

    // The key still reads and operates the endpoints its role allows.
    expect((await gqlOk<any>(t.http, key.secret, ENDPOINTS)).webhookEndpoints).toEqual([{ id }]);
    await gqlOk(t.http, key.secret, TEST, { input: { id } });
    await gqlOk(t.http, key.secret, REPLAY, {
      input: {
        endpointId: id,
        since: new Date(Date.now() - 3600_000).toISOString(),
        until: new Date().toISOString(),
      },
    });

    // A signed-in ADMIN still manages endpoints.
    const admin = await addMember(t.http, org, Role.ADMIN);
    await gqlOk(t.http, admin.token, UPDATE, { input: { id, description: 'by a person' } });
    await gqlOk(t.http, admin.token, ROTATE, { input: { id, overlapHours: 0 } });
    await gqlOk(t.http, admin.token, DELETE, { input: { id } });
  });
});
