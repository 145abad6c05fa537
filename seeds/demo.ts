import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService, MembershipService, User } from '@aims/identity';
import { Role } from '@aims/platform';

export const DEMO = {
  organisation: 'Northwind Analytics (demo)',
  owner: { email: 'owner@demo.aims.local', name: 'Olivia Owner', password: 'demo-owner-password' },
  officer: { email: 'officer@demo.aims.local', name: 'Chidi Compliance', password: 'demo-officer-password' },
  auditor: { email: 'auditor@demo.aims.local', name: 'Ada Auditor', password: 'demo-auditor-password' },
};

/**
 * Seeds the demo organisation on first run (through the same services as the API, so everything is
 * audited) and logs the demo compliance officer in. Returns the officer's credentials and a fresh token.
 */
export async function seedDemo(app: INestApplicationContext) {
  const dataSource = app.get(DataSource);
  const auth = app.get(AuthService);
  const members = app.get(MembershipService);

  if (!(await dataSource.getRepository(User).existsBy({ email: DEMO.officer.email }))) {
    const owner = await auth.signUp({ ...DEMO.owner, organisationName: DEMO.organisation });
    const ownerActor = {
      type: 'USER' as const,
      organisationId: owner.organisation.id,
      role: Role.OWNER,
      userId: owner.user.id,
    };
    for (const [person, role] of [
      [DEMO.officer, Role.COMPLIANCE_OFFICER],
      [DEMO.auditor, Role.AUDITOR],
    ] as const) {
      const invite = await members.invite(ownerActor, { email: person.email, role });
      await auth.acceptInvitation({ token: invite.invitationToken, name: person.name, password: person.password });
    }
  }
  const login = await auth.login({ email: DEMO.officer.email, password: DEMO.officer.password }, 'seed');
  return { email: DEMO.officer.email, password: DEMO.officer.password, accessToken: login.accessToken };
}
