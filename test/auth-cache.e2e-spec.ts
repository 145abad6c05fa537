import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const ME = '{ me { role } }';
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;
const REVOKE_KEY = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }`;
const UPDATE_ROLE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { membership { id } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMembershipId } }`;

/**
 * The credential cache (AUTH_CACHE_SECONDS): a verified membership or API key is not read again on the
 * next requests, yet revocation, role changes and removals apply at once on every replica (two API apps on
 * one database here), and expiry still follows the clock.
 */
describe('credential cache', () => {
  const clock = new ManualClock();
  let a: TestApp;
  let b: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    const env = { AUTH_CACHE_SECONDS: '300' };
    a = await startTestApp({ env, clock });
    b = await startTestApp({ env });
    org = await createOrg(a.http, 'Cache org');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  /** The other replica learns of a change by a notification sent at commit: ask until it answers so. */
  async function eventually(app: TestApp, token: string, code: string | undefined): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      if (errorCode(await gql(app.http, token, ME)) === code) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(errorCode(await gql(app.http, token, ME))).toBe(code);
  }

  async function credentialReads(app: TestApp, token: string): Promise<string[]> {
    const { statements } = await recordStatements(app.runtime.dataSource, () => gqlOk(app.http, token, ME));
    return statements.filter((s) => /\b(membership|api_key)\b/.test(s));
  }

  it('reads a member once, then answers from the cache on each replica', async () => {
    const member = await addMember(a.http, org, Role.AUDITOR);
    expect(await credentialReads(a, member.token)).toHaveLength(1);
    expect(await credentialReads(a, member.token)).toEqual([]);
    expect(await credentialReads(b, member.token)).toHaveLength(1);
    expect(await credentialReads(b, member.token)).toEqual([]);
  });

  it('refuses a revoked API key on every replica', async () => {
    const { createApiKey } = await gqlOk(a.http, org.ownerToken, CREATE_KEY, {
      input: { name: 'k', role: 'VIEWER' },
    });
    for (const app of [a, b]) {
      await gqlOk(app.http, createApiKey.secret, ME);
      expect(await credentialReads(app, createApiKey.secret)).toEqual([]);
    }
    await gqlOk(a.http, org.ownerToken, REVOKE_KEY, { input: { id: createApiKey.apiKey.id } });
    expect(errorCode(await gql(a.http, createApiKey.secret, ME))).toBe('UNAUTHENTICATED');
    await eventually(b, createApiKey.secret, 'UNAUTHENTICATED');
  });

  it('refuses a token whose role changed, and a removed member, on every replica', async () => {
    const promoted = await addMember(a.http, org, Role.VIEWER);
    const removed = await addMember(a.http, org, Role.VIEWER);
    for (const app of [a, b]) {
      for (const m of [promoted, removed]) {
        await gqlOk(app.http, m.token, ME);
        await gqlOk(app.http, m.token, ME);
      }
    }
    await gqlOk(a.http, org.ownerToken, UPDATE_ROLE, {
      input: { membershipId: promoted.membershipId, role: 'AUDITOR' },
    });
    await gqlOk(a.http, org.ownerToken, REMOVE, { input: { membershipId: removed.membershipId } });
    for (const m of [promoted, removed]) {
      expect(errorCode(await gql(a.http, m.token, ME))).toBe('UNAUTHENTICATED');
      await eventually(b, m.token, 'UNAUTHENTICATED');
    }
  });

  it('refuses a cached membership once the clock passes its expiry', async () => {
    const member = await addMember(a.http, org, Role.AUDITOR, new Date(clock.now().getTime() + 300_000));
    await gqlOk(a.http, member.token, ME);
    expect(await credentialReads(a, member.token)).toEqual([]);
    clock.advance(301_000);
    expect(errorCode(await gql(a.http, member.token, ME))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token verified earlier once the clock passes its expiry', async () => {
    const member = await addMember(a.http, org, Role.AUDITOR);
    await gqlOk(a.http, member.token, ME);
    clock.advance(a.runtime.config.JWT_TTL_SECONDS * 1000 + 1000);
    expect(errorCode(await gql(a.http, member.token, ME))).toBe('UNAUTHENTICATED');
  });
});
