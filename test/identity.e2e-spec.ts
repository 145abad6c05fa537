import { randomUUID } from 'node:crypto';
import { Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, PASSWORD, uniqueEmail } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const AUTH = 'accessToken expiresAt user { id email name } organisation { id name } role';
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH} } }`;
const ME = `{ me { user { id email name } apiKey { id name } organisation { id name } role } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id name role prefix expiresAt revokedAt } secret } }`;
const REVOKE_KEY = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } } }`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitationToken membership { id role expiresAt } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${AUTH} } }`;
const UPDATE_ROLE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { membership { id role expiresAt } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMembershipId } }`;

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('signUp and login', () => {
    it('creates a user, an organisation and an OWNER membership, and returns a working token', async () => {
      const email = uniqueEmail();
      const { signUp } = await gqlOk(t.http, null, SIGN_UP, {
        input: { email: email.toUpperCase(), password: PASSWORD, name: 'Ana', organisationName: 'Acme AI' },
      });
      expect(signUp).toMatchObject({
        user: { email, name: 'Ana' },
        organisation: { name: 'Acme AI' },
        role: 'OWNER',
      });
      const { me } = await gqlOk(t.http, signUp.accessToken, ME);
      expect(me).toMatchObject({
        user: { email },
        organisation: { id: signUp.organisation.id },
        role: 'OWNER',
        apiKey: null,
      });
    });

    it('stores a memory-hard password hash, never the password', async () => {
      const org = await createOrg(t.http);
      const [row] = await t.runtime.dataSource.query('SELECT password_hash FROM user_account WHERE id = $1', [
        org.ownerId,
      ]);
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
    });

    it('rejects malformed sign-up input naming every field, and writes nothing', async () => {
      // Other test files sign up at the same time: look for what this request could have written.
      const email = `not-an-email-${randomUUID()}`;
      const written = async () =>
        (
          await t.runtime.dataSource.query(
            `SELECT (SELECT count(*) FROM user_account WHERE email ILIKE $1)::int AS users,
                    (SELECT count(*) FROM organisation WHERE trim(name) = '')::int AS orgs`,
            [`${email}%`],
          )
        )[0];
      const before = await written();
      const res = await gql(t.http, null, SIGN_UP, {
        input: { email, password: 'short', name: ' ', organisationName: '' },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res).sort()).toEqual([
        'input.email',
        'input.name',
        'input.organisationName',
        'input.password',
      ]);
      expect(before).toEqual({ users: 0, orgs: before.orgs });
      expect(await written()).toEqual(before);
    });

    it('refuses a second account with the same email (CONFLICT)', async () => {
      const org = await createOrg(t.http);
      const res = await gql(t.http, null, SIGN_UP, {
        input: { email: org.ownerEmail, password: PASSWORD, name: 'Dup', organisationName: 'Dup' },
      });
      expect(errorCode(res)).toBe('CONFLICT');
    });

    it('logs in with the right password only, and requires organisationId for multi-org users', async () => {
      const org = await createOrg(t.http);
      const ok = await gqlOk(t.http, null, LOGIN, { input: { email: org.ownerEmail, password: PASSWORD } });
      expect(ok.login.organisation.id).toBe(org.organisationId);
      const bad = await gql(t.http, null, LOGIN, {
        input: { email: org.ownerEmail, password: 'wrong-password!' },
      });
      expect(errorCode(bad)).toBe('UNAUTHENTICATED');
      const unknown = await gql(t.http, null, LOGIN, { input: { email: uniqueEmail(), password: PASSWORD } });
      expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
      expect(unknown.errors?.[0].message).toBe(bad.errors?.[0].message);

      // Join a second organisation: login must now say which one.
      const other = await createOrg(t.http, 'Second');
      const invite = await gqlOk(t.http, other.ownerToken, INVITE, {
        input: { email: org.ownerEmail, role: 'VIEWER' },
      });
      await gqlOk(t.http, null, ACCEPT, {
        input: { token: invite.inviteMember.invitationToken, name: 'ignored', password: PASSWORD },
      });
      const ambiguous = await gql(t.http, null, LOGIN, {
        input: { email: org.ownerEmail, password: PASSWORD },
      });
      expect(errorCode(ambiguous)).toBe('BAD_USER_INPUT');
      expect(badFields(ambiguous)).toEqual(['input.organisationId']);
      const chosen = await gqlOk(t.http, null, LOGIN, {
        input: { email: org.ownerEmail, password: PASSWORD, organisationId: other.organisationId },
      });
      expect(chosen.login).toMatchObject({ organisation: { id: other.organisationId }, role: 'VIEWER' });
      const notMine = await gql(t.http, null, LOGIN, {
        input: {
          email: org.ownerEmail,
          password: PASSWORD,
          organisationId: (await createOrg(t.http)).organisationId,
        },
      });
      expect(errorCode(notMine)).toBe('NOT_FOUND');
    });

    it('rate-limits repeated failed logins per email and client', async () => {
      const limited = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
      try {
        const org = await createOrg(limited.http);
        for (let i = 0; i < 3; i++) {
          const res = await gql(limited.http, null, LOGIN, {
            input: { email: org.ownerEmail, password: 'wrong-password!' },
          });
          expect(errorCode(res)).toBe('UNAUTHENTICATED');
        }
        const blocked = await gql(limited.http, null, LOGIN, {
          input: { email: org.ownerEmail, password: PASSWORD },
        });
        expect(errorCode(blocked)).toBe('RATE_LIMITED');
        expect(blocked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });

    it('rejects missing, malformed, forged and expired tokens', async () => {
      expect(errorCode(await gql(t.http, null, ME))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(t.http, 'garbage', ME))).toBe('UNAUTHENTICATED');
      const org = await createOrg(t.http);
      const [header, payload] = org.ownerToken.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({
          ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
          role: 'OWNER',
          org: 'x',
        }),
      ).toString('base64url');
      expect(errorCode(await gql(t.http, `${header}.${forgedPayload}.sig`, ME))).toBe('UNAUTHENTICATED');
      const expired = await startTestApp({ env: { JWT_TTL_SECONDS: '60' } });
      try {
        const { AuthTokenService } = await import('@aims/identity');
        const tokens = expired.app.get(AuthTokenService);
        const claims = tokens.verify(org.ownerToken);
        expect(claims).not.toBeNull();
        const clock = expired.runtime.clock as { now(): Date };
        const realNow = clock.now.bind(clock);
        clock.now = () => new Date(realNow().getTime() + 3600_000);
        try {
          expect(errorCode(await gql(expired.http, org.ownerToken, ME))).toBe('UNAUTHENTICATED');
        } finally {
          clock.now = realNow;
        }
      } finally {
        await expired.close();
      }
    });
  });

  describe('API keys', () => {
    it('shows the secret once, stores only a hash, authenticates with the key role, and revokes', async () => {
      const org = await createOrg(t.http);
      const { createApiKey } = await gqlOk(t.http, org.ownerToken, CREATE_KEY, {
        input: { name: 'SIEM export', role: 'AUDITOR' },
      });
      expect(createApiKey.secret).toMatch(/^aims_[a-z0-9]{12}_/);
      expect(createApiKey.secret.startsWith(`aims_${createApiKey.apiKey.prefix}_`)).toBe(true);
      const [row] = await t.runtime.dataSource.query('SELECT * FROM api_key WHERE id = $1', [
        createApiKey.apiKey.id,
      ]);
      // The random part is base64url and may itself contain `_`: take everything after the prefix.
      const randomPart = createApiKey.secret.slice(`aims_${createApiKey.apiKey.prefix}_`.length);
      expect(randomPart).toHaveLength(43);
      expect(JSON.stringify(row)).not.toContain(randomPart);

      const { me } = await gqlOk(t.http, createApiKey.secret, ME);
      expect(me).toMatchObject({ user: null, apiKey: { id: createApiKey.apiKey.id }, role: 'AUDITOR' });
      // An AUDITOR key cannot manage keys.
      expect(
        errorCode(
          await gql(t.http, createApiKey.secret, CREATE_KEY, { input: { name: 'x', role: 'VIEWER' } }),
        ),
      ).toBe('FORBIDDEN');
      const listed = await gqlOk(t.http, org.ownerToken, '{ apiKeys { id name prefix revokedAt } }');
      expect(listed.apiKeys).toEqual([
        expect.objectContaining({ id: createApiKey.apiKey.id, revokedAt: null }),
      ]);
      expect(JSON.stringify(listed)).not.toContain(createApiKey.secret);

      const { revokeApiKey } = await gqlOk(t.http, org.ownerToken, REVOKE_KEY, {
        input: { id: createApiKey.apiKey.id },
      });
      expect(revokeApiKey.apiKey.revokedAt).not.toBeNull();
      expect(errorCode(await gql(t.http, createApiKey.secret, ME))).toBe('UNAUTHENTICATED');
      const wrongSecret = createApiKey.secret.slice(0, -4) + 'AAAA';
      expect(errorCode(await gql(t.http, wrongSecret, ME))).toBe('UNAUTHENTICATED');
    });

    it('refuses OWNER keys and past expiry dates, and expires keys', async () => {
      const org = await createOrg(t.http);
      const owner = await gql(t.http, org.ownerToken, CREATE_KEY, { input: { name: 'k', role: 'OWNER' } });
      expect(badFields(owner)).toEqual(['input.role']);
      const past = await gql(t.http, org.ownerToken, CREATE_KEY, {
        input: { name: 'k', role: 'VIEWER', expiresAt: new Date(Date.now() - 1000).toISOString() },
      });
      expect(badFields(past)).toEqual(['input.expiresAt']);
      const empty = await gql(t.http, org.ownerToken, CREATE_KEY, { input: { name: '', role: 'NOPE' } });
      expect(errorCode(empty)).toBe('BAD_USER_INPUT');

      const { createApiKey } = await gqlOk(t.http, org.ownerToken, CREATE_KEY, {
        input: {
          name: 'short-lived',
          role: 'VIEWER',
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      });
      await t.runtime.dataSource.query(
        `UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [createApiKey.apiKey.id],
      );
      expect(errorCode(await gql(t.http, createApiKey.secret, ME))).toBe('UNAUTHENTICATED');
    });

    it('rate-limits requests per key', async () => {
      const limited = await startTestApp({ env: { API_KEY_RATE_LIMIT: '3' } });
      try {
        const org = await createOrg(limited.http);
        const { createApiKey } = await gqlOk(limited.http, org.ownerToken, CREATE_KEY, {
          input: { name: 'k', role: 'VIEWER' },
        });
        const codes = [];
        for (let i = 0; i < 4; i++) codes.push(errorCode(await gql(limited.http, createApiKey.secret, ME)));
        expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED']);
      } finally {
        await limited.close();
      }
    });

    it('treats another organisation’s key id as missing', async () => {
      const mine = await createOrg(t.http);
      const theirs = await createOrg(t.http);
      const { createApiKey } = await gqlOk(t.http, theirs.ownerToken, CREATE_KEY, {
        input: { name: 'k', role: 'VIEWER' },
      });
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, mine.ownerToken, REVOKE_KEY, { input: { id } }),
        createApiKey.apiKey.id,
      );
      const [row] = await t.runtime.dataSource.query('SELECT revoked_at FROM api_key WHERE id = $1', [
        createApiKey.apiKey.id,
      ]);
      expect(row.revoked_at).toBeNull();
    });
  });

  describe('members', () => {
    it('invites, accepts with a one-time token, and scopes the token to the invited role', async () => {
      const org = await createOrg(t.http);
      const email = uniqueEmail('auditor');
      const expiresAt = new Date(Date.now() + 7 * 86400_000).toISOString();
      const { inviteMember } = await gqlOk(t.http, org.ownerToken, INVITE, {
        input: { email, role: 'AUDITOR', expiresAt },
      });
      expect(inviteMember.membership).toMatchObject({ role: 'AUDITOR', expiresAt });
      const { acceptInvitation } = await gqlOk(t.http, null, ACCEPT, {
        input: { token: inviteMember.invitationToken, name: 'Ext Auditor', password: PASSWORD },
      });
      expect(acceptInvitation).toMatchObject({
        role: 'AUDITOR',
        organisation: { id: org.organisationId },
        user: { email },
      });
      const reused = await gql(t.http, null, ACCEPT, {
        input: { token: inviteMember.invitationToken, name: 'Again', password: PASSWORD },
      });
      expect(badFields(reused)).toEqual(['input.token']);
      const dup = await gql(t.http, org.ownerToken, INVITE, { input: { email, role: 'VIEWER' } });
      expect(errorCode(dup)).toBe('CONFLICT');
    });

    it('enforces membership expiry on every request', async () => {
      const org = await createOrg(t.http);
      const member = await addMember(t.http, org, Role.AUDITOR, new Date(Date.now() + 3600_000));
      expect(errorCode(await gql(t.http, member.token, ME))).toBeUndefined();
      await t.runtime.dataSource.query(
        `UPDATE membership SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [member.membershipId],
      );
      const res = await gql(t.http, member.token, ME);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      const login = await gql(t.http, null, LOGIN, { input: { email: member.email, password: PASSWORD } });
      expect(errorCode(login)).toBe('UNAUTHENTICATED');
    });

    it('changes roles (old tokens stop working), protects OWNER and the last owner, and removes members', async () => {
      const org = await createOrg(t.http);
      const admin = await addMember(t.http, org, Role.ADMIN);
      const viewer = await addMember(t.http, org, Role.VIEWER);

      const promoted = await gqlOk(t.http, admin.token, UPDATE_ROLE, {
        input: { membershipId: viewer.membershipId, role: 'COMPLIANCE_OFFICER' },
      });
      expect(promoted.updateMemberRole.membership.role).toBe('COMPLIANCE_OFFICER');
      expect(errorCode(await gql(t.http, viewer.token, ME))).toBe('UNAUTHENTICATED');

      const ownerMembership = (
        await gqlOk(t.http, org.ownerToken, '{ memberships { id role } }')
      ).memberships.find((m: { role: string }) => m.role === 'OWNER');
      const adminOnOwner = await gql(t.http, admin.token, UPDATE_ROLE, {
        input: { membershipId: ownerMembership.id, role: 'VIEWER' },
      });
      expect(errorCode(adminOnOwner)).toBe('FORBIDDEN');
      const adminGrantsOwner = await gql(t.http, admin.token, UPDATE_ROLE, {
        input: { membershipId: viewer.membershipId, role: 'OWNER' },
      });
      expect(errorCode(adminGrantsOwner)).toBe('FORBIDDEN');
      const lastOwner = await gql(t.http, org.ownerToken, UPDATE_ROLE, {
        input: { membershipId: ownerMembership.id, role: 'ADMIN' },
      });
      expect(errorCode(lastOwner)).toBe('CONFLICT');
      const removeLast = await gql(t.http, org.ownerToken, REMOVE, {
        input: { membershipId: ownerMembership.id },
      });
      expect(errorCode(removeLast)).toBe('CONFLICT');

      const removed = await gqlOk(t.http, admin.token, REMOVE, {
        input: { membershipId: viewer.membershipId },
      });
      expect(removed.removeMember.removedMembershipId).toBe(viewer.membershipId);
      const members = await gqlOk(t.http, org.ownerToken, '{ memberships { id } }');
      expect(members.memberships.map((m: { id: string }) => m.id)).not.toContain(viewer.membershipId);
    });

    it('never counts an expired OWNER as the one who keeps the organisation', async () => {
      const org = await createOrg(t.http);
      const timeBoxed = await addMember(t.http, org, Role.OWNER, new Date(Date.now() + 3600_000));
      await t.runtime.dataSource.query(
        `UPDATE membership SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [timeBoxed.membershipId],
      );
      const ownerMembership = (
        await gqlOk(t.http, org.ownerToken, '{ memberships { id role expiresAt } }')
      ).memberships.find(
        (m: { role: string; expiresAt: string | null }) => m.role === 'OWNER' && m.expiresAt === null,
      );
      const demote = await gql(t.http, org.ownerToken, UPDATE_ROLE, {
        input: { membershipId: ownerMembership.id, role: 'ADMIN' },
      });
      expect(errorCode(demote)).toBe('CONFLICT');
      const leave = await gql(t.http, org.ownerToken, REMOVE, {
        input: { membershipId: ownerMembership.id },
      });
      expect(errorCode(leave)).toBe('CONFLICT');
    });

    it('rejects bad member input and treats another organisation’s membership ids as missing', async () => {
      const org = await createOrg(t.http);
      const other = await createOrg(t.http);
      const theirs = await addMember(t.http, other, Role.VIEWER);
      const bad = await gql(t.http, org.ownerToken, INVITE, {
        input: { email: 'nope', role: 'VIEWER', expiresAt: new Date(Date.now() - 1000).toISOString() },
      });
      expect(badFields(bad)).toEqual(['input.email']);
      const past = await gql(t.http, org.ownerToken, INVITE, {
        input: { email: uniqueEmail(), role: 'VIEWER', expiresAt: new Date(Date.now() - 1000).toISOString() },
      });
      expect(badFields(past)).toEqual(['input.expiresAt']);
      expect(
        badFields(
          await gql(t.http, org.ownerToken, UPDATE_ROLE, { input: { membershipId: 'x', role: 'VIEWER' } }),
        ),
      ).toEqual(['input.membershipId']);
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, org.ownerToken, UPDATE_ROLE, { input: { membershipId: id, role: 'ADMIN' } }),
        theirs.membershipId,
      );
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, org.ownerToken, REMOVE, { input: { membershipId: id } }),
        theirs.membershipId,
      );
      expect(errorCode(await gql(t.http, theirs.token, ME))).toBeUndefined();
    });
  });
});
