import { Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const PAGE = `query($first: Int!) { risks(first: $first) { totalCount edges { node {
  id title
  owner { id email }
  aiSystems { id name tier }
  controls { urn refId title }
  latestAssessment { sequence assessedAt inherentLevel { label } residualLevel { label } }
  inherentLevel { index label aboveAppetite }
} } } }`;

const CONTROLS = ['urn:aims:req:iso-iec-42001-2023:a.6.2.4', 'urn:aims:req:iso-iec-42001-2023:a.7.4'];

/**
 * docs/domain-rules.md#graphql-conventions: nested fields are batched with per-request DataLoaders, so the SQL statements for a page do
 * not grow with its size. Statements are counted where they leave for PostgreSQL: in the `query` method
 * of the pg client class the application's pool hands out.
 */
describe('risks page batching', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http, 'Batching org');
    const officer = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
    const systems: string[] = [];
    for (const name of ['Scorer', 'Chatbot', 'Screener']) {
      const created = await gqlOk<any>(
        t.http,
        org.ownerToken,
        'mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }',
        { input: { name, role: 'PROVIDER', lifecycleStage: 'DEPLOYMENT', euAiActAnswers: {} } },
      );
      systems.push(created.createAISystem.aiSystem.id);
    }
    for (let i = 0; i < 50; i++) {
      const { createRisk } = await gqlOk<any>(
        t.http,
        org.ownerToken,
        'mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }',
        {
          input: {
            title: `Risk ${i}`,
            ownerId: i % 2 ? officer.userId : org.ownerId,
            aiSystemIds: [systems[i % 3], systems[(i + 1) % 3]],
          },
        },
      );
      const riskId = createRisk.risk.id;
      await gqlOk(
        t.http,
        org.ownerToken,
        'mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id } } }',
        {
          input: { riskId, inherent: { likelihood: 1 + (i % 5), consequence: 1 + ((i * 3) % 5) } },
        },
      );
      await gqlOk(
        t.http,
        org.ownerToken,
        'mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { id } } }',
        {
          input: { id: riskId, status: 'EVALUATED' },
        },
      );
      await gqlOk(
        t.http,
        org.ownerToken,
        'mutation($input: SetRiskTreatmentInput!) { setRiskTreatment(input: $input) { risk { id } } }',
        {
          input: { riskId, option: 'MODIFY', controlUrns: CONTROLS.slice(0, 1 + (i % 2)) },
        },
      );
    }
  });
  afterAll(() => t.close());

  async function countPage(first: number) {
    const { result: data, statements } = await recordStatements(t.runtime.dataSource, () =>
      gqlOk<any>(t.http, org.ownerToken, PAGE, { first }),
    );
    return { nodes: data.risks.edges.map((e: any) => e.node), count: statements.length, sql: statements };
  }

  it('resolves a page of 5 and a page of 50 in the same number of statements', async () => {
    const small = await countPage(5);
    const large = await countPage(50);

    expect(small.nodes).toHaveLength(5);
    expect(large.nodes).toHaveLength(50);
    for (const node of large.nodes) {
      expect(node.owner).not.toBeNull();
      expect(node.aiSystems).toHaveLength(2);
      expect(node.controls.length).toBeGreaterThanOrEqual(1);
      expect(node.latestAssessment.sequence).toBe(1);
      expect(node.inherentLevel.label).toEqual(node.latestAssessment.inherentLevel.label);
    }
    expect(large.count).toBe(small.count);
    // Auth, count, page, then one batch per nested kind: a handful, not one per risk.
    expect(large.count).toBeLessThanOrEqual(10);
  });
});
