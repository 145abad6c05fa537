import { randomUUID } from 'node:crypto';
import { Role } from '@aims/platform';
import { gqlOk } from './gql';

export interface TestOrg {
  organisationId: string;
  ownerId: string;
  ownerEmail: string;
  ownerToken: string;
  password: string;
}

export const PASSWORD = 'correct-horse-battery';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

const AUTH_FIELDS = 'accessToken user { id email name } organisation { id name } role';

/** A fresh organisation with its owner: tests isolate their data this way. */
export async function createOrg(http: unknown, name = 'Test Org'): Promise<TestOrg> {
  const email = uniqueEmail('owner');
  const data = await gqlOk<any>(
    http,
    null,
    `mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, password: PASSWORD, name: 'Owner', organisationName: name } },
  );
  return {
    organisationId: data.signUp.organisation.id,
    ownerId: data.signUp.user.id,
    ownerEmail: email,
    ownerToken: data.signUp.accessToken,
    password: PASSWORD,
  };
}

/** Invites and accepts a member with `role`, returning its token and ids. */
export async function addMember(http: unknown, org: TestOrg, role: Role, expiresAt?: Date) {
  const email = uniqueEmail(role.toLowerCase());
  const invited = await gqlOk<any>(
    http,
    org.ownerToken,
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitationToken membership { id role expiresAt } } }`,
    { input: { email, role, expiresAt: expiresAt?.toISOString() } },
  );
  const accepted = await gqlOk<any>(
    http,
    null,
    `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { token: invited.inviteMember.invitationToken, name: `${role} member`, password: PASSWORD } },
  );
  return {
    email,
    membershipId: invited.inviteMember.membership.id as string,
    userId: accepted.acceptInvitation.user.id as string,
    token: accepted.acceptInvitation.accessToken as string,
  };
}

/** Tokens for every role in one organisation (the owner's is the org's own). */
export async function tokensByRole(http: unknown, org: TestOrg): Promise<Record<Role, string>> {
  const tokens = { [Role.OWNER]: org.ownerToken } as Record<Role, string>;
  for (const role of [Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR, Role.VIEWER]) {
    tokens[role] = (await addMember(http, org, role)).token;
  }
  return tokens;
}
