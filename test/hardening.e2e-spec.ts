import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { INestApplication } from '@nestjs/common';
import { PinoNestLogger, Role } from '@aims/platform';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { startTestApp, TestApp, testConfig } from './support/app';
import { addMember, createOrg, PASSWORD, uniqueEmail } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitationToken } }`;
const CREATE_SYSTEM = `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;
const REVOKE_KEY = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }`;
const UPDATE_ROLE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { membership { id } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMembershipId } }`;

const SYSTEM = {
  name: 'CV screener',
  role: 'DEPLOYER',
  lifecycleStage: 'OPERATION_AND_MONITORING',
  intelligenceLevel: 'ADVANCED',
  scenarioCriticality: 'SENSITIVE',
  applicationScale: 'MEDIUM',
};

describe('hardening of the API surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(() => t.close());

  const sql = (text: string, params: unknown[] = []) => t.runtime.dataSource.query(text, params);
  /**
   * What a refused request could have written: rows of the test's organisation, and accounts for the
   * e-mail addresses it tried. Other test files write to the same database at the same time, so the
   * count is scoped rather than global.
   */
  const footprint = async (organisationId: string, emails: string[]) =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events,
                (SELECT count(*) FROM user_account WHERE email = ANY($2::text[]))::int AS users,
                (SELECT count(*) FROM membership WHERE organisation_id = $1)::int AS members,
                (SELECT count(*) FROM ai_system WHERE organisation_id = $1)::int AS systems,
                (SELECT count(*) FROM api_key WHERE organisation_id = $1)::int AS keys`,
        [organisationId, emails],
      )
    )[0];

  it('marks every GraphQL answer, data or error, as not to be stored by caches', async () => {
    const org = await createOrg(t.http);
    const ok = await request(t.http)
      .post('/graphql')
      .set('authorization', `Bearer ${org.ownerToken}`)
      .send({ query: '{ me { role } }' });
    const refused = await request(t.http).post('/graphql').send({ query: '{ me { role } }' });
    expect(ok.body.data.me.role).toBe('OWNER');
    expect(refused.body.errors).toHaveLength(1);
    for (const res of [ok, refused]) expect(res.headers['cache-control']).toBe('no-store');
  });

  describe('unpaired UTF-16 surrogates', () => {
    const lone = ['x\ud800y', 'tail\udbff', '\udc00head', 'pair \ud83d\ude00 then \ude00'];

    it.each(lone)(
      'refuses %j in any text field as BAD_USER_INPUT naming it, writing nothing',
      async (text) => {
        const org = await createOrg(t.http);
        const fresh = uniqueEmail();
        const attempts: [string | null, string, Record<string, unknown>, string][] = [
          [
            null,
            SIGN_UP,
            { email: `a${text}@example.test`, password: PASSWORD, name: 'A', organisationName: 'O' },
            'input.email',
          ],
          [
            null,
            SIGN_UP,
            { email: fresh, password: PASSWORD, name: text, organisationName: 'O' },
            'input.name',
          ],
          [null, LOGIN, { email: `${text}@example.test`, password: PASSWORD }, 'input.email'],
          [org.ownerToken, INVITE, { email: `b${text}@example.test`, role: 'VIEWER' }, 'input.email'],
          [org.ownerToken, CREATE_SYSTEM, { ...SYSTEM, name: text }, 'input.name'],
          [org.ownerToken, CREATE_KEY, { name: text, role: 'VIEWER' }, 'input.name'],
        ];
        const emails = attempts
          .map(([, , input]) => input.email)
          .filter((e): e is string => typeof e === 'string');
        const before = await footprint(org.organisationId, emails);
        for (const [token, query, input, field] of attempts) {
          const res = await gql(t.http, token, query, { input });
          expect(errorCode(res)).toBe('BAD_USER_INPUT');
          expect(badFields(res)).toEqual([field]);
          expect(res.errors?.[0].extensions?.fields?.[0].message).toBe(
            'must not contain unpaired UTF-16 surrogates',
          );
        }
        expect(await footprint(org.organisationId, emails)).toEqual(before);
      },
    );

    it('keeps accepting well-formed text outside the Basic Multilingual Plane', async () => {
      const org = await createOrg(t.http);
      const res = await gqlOk(t.http, org.ownerToken, CREATE_SYSTEM, {
        input: { ...SYSTEM, name: 'Screener 😀 𝔸' },
      });
      expect(res.createAISystem.aiSystem.id).toBeDefined();
    });
  });

  describe('credential management needs a signed-in member', () => {
    it('refuses every credential operation to an ADMIN API key, writing nothing', async () => {
      const org = await createOrg(t.http);
      const viewer = await addMember(t.http, org, Role.VIEWER);
      const { createApiKey: admin } = await gqlOk(t.http, org.ownerToken, CREATE_KEY, {
        input: { name: 'automation', role: 'ADMIN' },
      });
      const invitee = uniqueEmail();
      const before = await footprint(org.organisationId, [invitee]);
      const attempts: [string, Record<string, unknown>][] = [
        [CREATE_KEY, { name: 'child', role: 'ADMIN' }],
        [REVOKE_KEY, { id: admin.apiKey.id }],
        [INVITE, { email: invitee, role: 'ADMIN' }],
        [UPDATE_ROLE, { membershipId: viewer.membershipId, role: 'ADMIN' }],
        [REMOVE, { membershipId: viewer.membershipId }],
      ];
      for (const [query, input] of attempts) {
        const res = await gql(t.http, admin.secret, query, { input });
        expect({ query, code: errorCode(res) }).toEqual({ query, code: 'FORBIDDEN' });
      }
      expect(await footprint(org.organisationId, [invitee])).toEqual(before);
      // The key still does what its role allows elsewhere, and a human ADMIN still manages credentials.
      await gqlOk(t.http, admin.secret, CREATE_SYSTEM, { input: SYSTEM });
      const human = await addMember(t.http, org, Role.ADMIN);
      await gqlOk(t.http, human.token, CREATE_KEY, { input: { name: 'by a person', role: 'VIEWER' } });
    });
  });

  describe('client address behind proxies', () => {
    const failLogin = (http: unknown, email: string, forwardedFor: string) =>
      request(http as Parameters<typeof request>[0])
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-forwarded-for', forwardedFor)
        .send({ query: LOGIN, variables: { input: { email, password: 'wrong-password-123' } } })
        .then((res) => res.body.errors?.[0]?.extensions?.code as string);

    it('trusts no proxy by default: a rotating X-Forwarded-For does not get around the login limit', async () => {
      const org = await createOrg(t.http);
      const codes: string[] = [];
      for (let i = 1; i <= 5; i++) codes.push(await failLogin(t.http, org.ownerEmail, `203.0.113.${i}`));
      expect(codes).toEqual([
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'RATE_LIMITED',
        'RATE_LIMITED',
      ]);
    });

    it('with TRUST_PROXY set, counts per forwarded client', async () => {
      const proxied = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1/8,::1' } });
      try {
        const org = await createOrg(proxied.http);
        const codes: string[] = [];
        for (let i = 1; i <= 4; i++)
          codes.push(await failLogin(proxied.http, org.ownerEmail, `203.0.113.${i}`));
        expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
        for (let i = 0; i < 3; i++) await failLogin(proxied.http, org.ownerEmail, '198.51.100.7');
        expect(await failLogin(proxied.http, org.ownerEmail, '198.51.100.7')).toBe('RATE_LIMITED');
      } finally {
        await proxied.close();
      }
    });
  });
});

describe('log levels', () => {
  let runtime: RuntimeHandle;
  let app: INestApplication;
  const lines: { level: number; msg: string; operation?: string; code?: string }[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const root = pino({ level: 'info' }, sink);
    runtime = await createRuntime(testConfig(), { poolSize: 4, migrate: true });
    app = await createApiApp(runtime, root, new PinoNestLogger(root));
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
  });

  it('logs expected errors (bad input, not found, forbidden) at info with their code, none at error', async () => {
    const http = app.getHttpServer();
    for (let i = 0; i < 20; i++) {
      const res = await gql(http, null, SIGN_UP, {
        input: { email: 'not-an-email', password: 'x', name: '', organisationName: '' },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    }
    const org = await createOrg(http);
    expect(
      errorCode(
        await gql(http, org.ownerToken, '{ aiSystem(id: "8f0c1a52-3d4e-4f60-9a7b-1c2d3e4f5a6b") { id } }'),
      ),
    ).toBe('NOT_FOUND');
    expect(errorCode(await gql(http, null, '{ me { role } }'))).toBe('UNAUTHENTICATED');

    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
    const refused = lines.filter((l) => l.level === 30 && l.msg === 'operation refused');
    expect(refused.filter((l) => l.operation === 'signUp' && l.code === 'BAD_USER_INPUT')).toHaveLength(20);
    expect(refused.some((l) => l.operation === 'aiSystem' && l.code === 'NOT_FOUND')).toBe(true);
  });
});
