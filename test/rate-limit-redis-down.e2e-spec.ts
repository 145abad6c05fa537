import { createServer } from 'node:net';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg, uniqueEmail } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken role } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;

/** A port on 127.0.0.1 where nothing listens: connections to it are refused at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Without the fallback these requests wait for Redis forever; jest's test timeout turns that into a failure.
describe('rate limits while Redis is unreachable', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, LOGIN_RATE_LIMIT: '3' },
    });
    org = await createOrg(t.http);
  }, 30000);
  afterAll(() => t.close());

  it('answers logins, and still limits failed ones by counting in PostgreSQL', async () => {
    const ok = await gqlOk(t.http, null, LOGIN, { input: { email: org.ownerEmail, password: org.password } });
    expect(ok.login.role).toBe('OWNER');

    const wrong = { input: { email: org.ownerEmail, password: 'not-the-password' } };
    for (let i = 0; i < 3; i++)
      expect(errorCode(await gql(t.http, null, LOGIN, wrong))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.http, null, LOGIN, wrong))).toBe('RATE_LIMITED');
    const [bucket] = await t.runtime.dataSource.query(
      `SELECT count FROM rate_limit_bucket WHERE key LIKE $1`,
      [`login:${org.ownerEmail}:%`],
    );
    expect(bucket.count).toBe(3);
  }, 10000);

  it('answers requests made with an API key', async () => {
    const { createApiKey } = await gqlOk(t.http, org.ownerToken, CREATE_KEY, {
      input: { name: 'ci', role: 'VIEWER' },
    });
    const { me } = await gqlOk(t.http, createApiKey.secret, `{ me { role } }`);
    expect(me.role).toBe('VIEWER');
  }, 10000);
});

const onRedis = process.env.REDIS_URL ? describe : describe.skip;

onRedis('rate limits with Redis reachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: process.env.REDIS_URL as string, LOGIN_RATE_LIMIT: '2' } });
  }, 30000);
  afterAll(() => t.close());

  it('counts from the first request in Redis, not in PostgreSQL', async () => {
    const email = uniqueEmail('nobody');
    const wrong = { input: { email, password: 'not-the-password' } };
    for (let i = 0; i < 2; i++)
      expect(errorCode(await gql(t.http, null, LOGIN, wrong))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.http, null, LOGIN, wrong))).toBe('RATE_LIMITED');
    const rows = await t.runtime.dataSource.query(`SELECT 1 FROM rate_limit_bucket WHERE key LIKE $1`, [
      `login:${email}:%`,
    ]);
    expect(rows).toEqual([]);
  });
});
