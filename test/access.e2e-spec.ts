import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { Role, PUBLIC_KEY, ROLES_KEY } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { createOrg, tokensByRole, uniqueEmail } from './support/factory';
import { errorCode, gql } from './support/gql';

const ALL = Object.values(Role);
const MANAGE = [Role.OWNER, Role.ADMIN];

interface Case {
  name: string;
  allowed: Role[];
  query: string;
  variables?: () => Record<string, unknown>;
}

/** Role × operation matrix for the platform's operations (each domain's suite adds its own). */
const CASES: Case[] = [
  { name: 'me', allowed: ALL, query: '{ me { role } }' },
  { name: 'organisation', allowed: ALL, query: '{ organisation { id } }' },
  { name: 'memberships', allowed: ALL, query: '{ memberships { id } }' },
  { name: 'auditEvents', allowed: ALL, query: '{ auditEvents { totalCount } }' },
  { name: 'auditLogIntegrity', allowed: ALL, query: '{ auditLogIntegrity { valid } }' },
  { name: 'apiKeys', allowed: MANAGE, query: '{ apiKeys { id } }' },
  {
    name: 'createApiKey',
    allowed: MANAGE,
    query: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
    variables: () => ({ input: { name: 'matrix', role: 'VIEWER' } }),
  },
  {
    name: 'revokeApiKey',
    allowed: MANAGE,
    query: 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }',
    variables: () => ({ input: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  {
    name: 'inviteMember',
    allowed: MANAGE,
    query: 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitationToken } }',
    variables: () => ({ input: { email: uniqueEmail(), role: 'VIEWER' } }),
  },
  {
    name: 'updateMemberRole',
    allowed: MANAGE,
    query:
      'mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { membership { id } } }',
    variables: () => ({ input: { membershipId: '00000000-0000-4000-8000-000000000000', role: 'VIEWER' } }),
  },
  {
    name: 'removeMember',
    allowed: MANAGE,
    query: 'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMembershipId } }',
    variables: () => ({ input: { membershipId: '00000000-0000-4000-8000-000000000000' } }),
  },
];

describe('access control', () => {
  let t: TestApp;
  let tokens: Record<Role, string>;
  beforeAll(async () => {
    t = await startTestApp();
    tokens = await tokensByRole(t.http, await createOrg(t.http));
  });
  afterAll(() => t.close());

  it('every Query and Mutation declares who may call it (@Roles or @Public)', () => {
    const scanner = new MetadataScanner();
    const providers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.providers.values()]);
    const undeclared: string[] = [];
    let operations = 0;
    for (const wrapper of providers) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of scanner.getAllMethodNames(proto)) {
        const handler = proto[method];
        const kind = Reflect.getMetadata('graphql:resolver_type', handler);
        if (kind !== 'Query' && kind !== 'Mutation') continue;
        operations += 1;
        const roles = Reflect.getMetadata(ROLES_KEY, handler);
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler);
        if (!isPublic && !(Array.isArray(roles) && roles.length > 0))
          undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    expect(operations).toBeGreaterThan(10);
    expect(undeclared).toEqual([]);
  });

  describe.each(CASES)('$name', ({ allowed, query, variables }) => {
    it.each(ALL)('%s', async (role) => {
      const res = await gql(t.http, tokens[role], query, variables?.() ?? {});
      if (allowed.includes(role)) expect(errorCode(res)).not.toBe('FORBIDDEN');
      else expect(errorCode(res)).toBe('FORBIDDEN');
    });
  });

  it('refuses anonymous callers on every non-public operation', async () => {
    for (const { query, variables } of CASES) {
      expect(errorCode(await gql(t.http, null, query, variables?.() ?? {}))).toBe('UNAUTHENTICATED');
    }
  });
});
