import { DEMO, seedDemo } from '../seeds/demo';
import { startTestApp, TestApp } from './support/app';
import { gqlOk } from './support/gql';

/** The demo organisation `npm start` seeds: realistic, consistent, audited, and seeded only once. */
describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds the demo organisation once and logs the compliance officer in', async () => {
    const first = await seedDemo(t.app);
    const second = await seedDemo(t.app);
    expect(first.email).toBe(DEMO.officer.email);
    // Other test files share the database: count within the demo organisation only.
    const [{ n }] = await t.runtime.dataSource.query(
      'SELECT count(*)::int AS n FROM ai_system s JOIN organisation o ON o.id = s.organisation_id WHERE o.name = $1',
      [DEMO.organisation],
    );
    expect(n).toBe(4);

    const data = await gqlOk(
      t.http,
      second.accessToken,
      `{
        me { role organisation { name } }
        aiSystems { edges { node { name tier } } }
        risks { totalCount edges { node { status } } }
        currentCycle { phase aiSystemIds }
        evidenceItems { edges { node { title status } } }
        auditLogIntegrity { valid checkedEvents }
      }`,
    );
    expect(data.me).toEqual({ role: 'COMPLIANCE_OFFICER', organisation: { name: DEMO.organisation } });
    expect(new Set(data.aiSystems.edges.map((e: any) => e.node.tier))).toEqual(
      new Set(['HIGH_RISK', 'LIMITED_RISK', 'MINIMAL_RISK']),
    );
    expect(new Set(data.risks.edges.map((e: any) => e.node.status)).size).toBeGreaterThanOrEqual(4);
    expect(data.currentCycle).toMatchObject({ phase: 'PLAN' });
    expect(data.currentCycle.aiSystemIds).toHaveLength(4);
    expect(data.evidenceItems.edges).toEqual([{ node: expect.objectContaining({ status: 'ACCEPTED' }) }]);
    expect(data.auditLogIntegrity.valid).toBe(true);
    expect(data.auditLogIntegrity.checkedEvents).toBeGreaterThan(30);
  });
});
