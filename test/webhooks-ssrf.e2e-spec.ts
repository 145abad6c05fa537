import { randomUUID } from 'node:crypto';
import { AddressPolicy, HostResolver, WebhookDelivery, WebhookEndpoint } from '@aims/webhooks';
import { startTestApp } from './support/app';
import { createOrg } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { CREATE_ENDPOINT, Receiver, waitFor } from './webhooks-support';

const CREATE_RISK = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { id } } }`;

/**
 * The SSRF guard with private networks not allowed (the default). Name resolution is the edge replaced
 * here: a table of host names stands in for DNS, in the API (checks on save) and in the worker (checks at
 * connect time) separately, so a name can be re-pointed between the two, as DNS rebinding would.
 */
describe('webhook SSRF guard', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const receiver = new Receiver();
  /** A service on this machine's loopback that must never be reached (127.0.0.2: still loopback). */
  const internal = new Receiver();
  const apiDns = new Map<string, string>();
  const workerDns = new Map<string, string>();
  const table = (dns: Map<string, string>) => async (host: string) => {
    const address = dns.get(host);
    if (!address) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return [{ address, family: address.includes(':') ? (6 as const) : (4 as const) }];
  };

  beforeAll(async () => {
    await receiver.start();
    await internal.start(0, '127.0.0.2');
    t = await startTestApp({ worker: true, env: { WEBHOOK_ALLOW_HTTP: 'true' } });
    jest.spyOn(t.app.get(HostResolver), 'resolve').mockImplementation(table(apiDns));
    jest.spyOn(t.worker!.get(HostResolver), 'resolve').mockImplementation(table(workerDns));
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    await internal.stop();
  });

  const endpoints = () => t.runtime.dataSource.getRepository(WebhookEndpoint).count();

  it.each([
    ['loopback.test', '127.0.0.1', 'loopback'],
    ['private.test', '10.0.0.1', 'private'],
    ['ipv6-loopback.test', '::1', 'loopback'],
    ['metadata.test', '169.254.169.254', 'linkLocal'],
    ['cgnat.test', '100.64.1.1', 'carrierGradeNat'],
    ['mapped.test', '::ffff:10.1.2.3', 'private'],
  ])('refuses a host name resolving to a forbidden address (%s → %s)', async (host, address, range) => {
    apiDns.set(host, address);
    const org = await createOrg(t.http);
    const before = await endpoints();
    const res = await gql(t.http, org.ownerToken, CREATE_ENDPOINT, { input: { url: `http://${host}/hook` } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['input.url']);
    expect(res.errors?.[0].extensions?.fields?.[0].message).toContain(range);
    expect(await endpoints()).toBe(before);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/',
  ])('refuses an address literal (%s)', async (url) => {
    const org = await createOrg(t.http);
    const res = await gql(t.http, org.ownerToken, CREATE_ENDPOINT, { input: { url } });
    expect(badFields(res)).toEqual(['input.url']);
  });

  it('refuses host names that do not resolve, and forbidden addresses on update too', async () => {
    const org = await createOrg(t.http);
    const missing = await gql(t.http, org.ownerToken, CREATE_ENDPOINT, {
      input: { url: 'http://nowhere.test/' },
    });
    expect(badFields(missing)).toEqual(['input.url']);
    apiDns.set('public.test', '93.184.216.34');
    const { endpoint } = (
      await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
        input: { url: 'https://public.test/hook' },
      })
    ).createWebhookEndpoint;
    const res = await gql(t.http, org.ownerToken, UPDATE, {
      input: { id: endpoint.id, url: 'http://10.0.0.1/' },
    });
    expect(badFields(res)).toEqual(['input.url']);
    const stored = await t.runtime.dataSource
      .getRepository(WebhookEndpoint)
      .findOneByOrFail({ id: endpoint.id });
    expect(stored.url).toBe('https://public.test/hook');
  });

  it('checks again at connect time: a name re-pointed at loopback after the check is never called', async () => {
    const org = await createOrg(t.http);
    const host = `rebind-${randomUUID().slice(0, 8)}.test`;
    apiDns.set(host, '93.184.216.34');
    workerDns.set(host, '127.0.0.1');
    const path = `/${randomUUID()}`;
    const { endpoint } = (
      await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
        input: { url: `http://${host}:${receiver.port}${path}` },
      })
    ).createWebhookEndpoint;
    await gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title: 'Rebinding' } });
    const delivery = await waitFor(async () => {
      const row = await t.runtime.dataSource
        .getRepository(WebhookDelivery)
        .findOneBy({ endpointId: endpoint.id });
      return row && row.attemptCount > 0 ? row : undefined;
    });
    expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: null });
    expect(delivery.lastError).toContain('loopback');
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(0);
  });

  it('does not follow a redirect to a private address: a 3xx is a failed attempt, the target sees nothing', async () => {
    // The partner's host stands for a public address: the worker's name table sends it to the loopback
    // receiver, and the worker's policy treats exactly 127.0.0.1 as public (127.0.0.2 stays loopback).
    const policy = t.worker!.get(AddressPolicy);
    const classify = policy.forbiddenReason.bind(policy);
    const allow = jest
      .spyOn(policy, 'forbiddenReason')
      .mockImplementation((address) => (address === '127.0.0.1' ? null : classify(address)));
    try {
      const org = await createOrg(t.http);
      const host = `partner-${randomUUID().slice(0, 8)}.test`;
      apiDns.set(host, '93.184.216.34');
      workerDns.set(host, '127.0.0.1');
      workerDns.set('internal.test', '127.0.0.2');
      const path = `/${randomUUID()}`;
      const targets = [internal.url('/latest/meta-data'), `http://internal.test:${internal.port}/admin`];
      let redirects = 0;
      receiver.respond = (r) =>
        r.path === path
          ? { status: 302, headers: { location: targets[redirects++ % targets.length] } }
          : { status: 200 };
      const { endpoint } = (
        await gqlOk<any>(t.http, org.ownerToken, CREATE_ENDPOINT, {
          input: { url: `http://${host}:${receiver.port}${path}` },
        })
      ).createWebhookEndpoint;
      await gqlOk(t.http, org.ownerToken, CREATE_RISK, { input: { title: 'Redirected' } });
      const delivery = await waitFor(async () => {
        const row = await t.runtime.dataSource
          .getRepository(WebhookDelivery)
          .findOneBy({ endpointId: endpoint.id });
        return row && row.attemptCount >= 2 ? row : undefined;
      });
      // The redirecting receiver was reached (the allow rule works), answered 302 twice (both targets),
      // and each answer was recorded as a failure to retry, not followed.
      expect(receiver.received.filter((r) => r.path === path).length).toBeGreaterThanOrEqual(2);
      expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: 302, lastError: 'HTTP 302' });
      expect(internal.received).toHaveLength(0);
    } finally {
      allow.mockRestore();
      receiver.respond = () => ({ status: 200, body: 'ok' });
    }
  });
});
