import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const CREATE = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
const ASSESS = `mutation($input: AssessRiskInput!) { assessRisk(input: $input) {
  assessment { id sequence inherentLevel { label } } risk { id status inherentLevel { label } } } }`;

/**
 * The write paths under load: statements per createRisk and assessRisk, counted where they leave for
 * PostgreSQL (one of them authentication, which the credential cache removes in production). No read that
 * the write could return: the assessment counts its sequence in its INSERT, the risk is updated without
 * being read again.
 */
describe('risk writes: statements per mutation', () => {
  let t: TestApp;
  let org: TestOrg;
  let systems: string[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http, 'Statements org');
    systems = [];
    for (const name of ['Scorer', 'Chatbot']) {
      const created = await gqlOk<any>(
        t.http,
        org.ownerToken,
        'mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }',
        { input: { name, role: 'PROVIDER', lifecycleStage: 'DEPLOYMENT', euAiActAnswers: {} } },
      );
      systems.push(created.createAISystem.aiSystem.id);
    }
  });
  afterAll(() => t.close());

  it('creates a risk with 2 AI systems in 8 statements and assesses it in 10, sequences counting up', async () => {
    const created = await recordStatements(t.runtime.dataSource, () =>
      gqlOk<any>(t.http, org.ownerToken, CREATE, { input: { title: 'Risk', aiSystemIds: systems } }),
    );
    expect(created.statements).toHaveLength(8);
    const risk = created.result.createRisk.risk;

    const sequences: number[] = [];
    for (const likelihood of [2, 4]) {
      const assessed = await recordStatements(t.runtime.dataSource, () =>
        gqlOk<any>(t.http, org.ownerToken, ASSESS, {
          input: { riskId: risk.id, inherent: { likelihood, consequence: 3 } },
        }),
      );
      expect(assessed.statements).toHaveLength(10);
      const { assessment, risk: after } = assessed.result.assessRisk;
      expect(after.status).toBe('ANALYSED');
      expect(assessment.inherentLevel.label).toBe(after.inherentLevel.label);
      sequences.push(assessment.sequence);
    }
    expect(sequences).toEqual([1, 2]);

    const { risk: stored, riskAssessments } = await gqlOk<any>(
      t.http,
      org.ownerToken,
      `query($id: ID!) { risk(id: $id) { aiSystems { id } }
        riskAssessments(riskId: $id) { edges { node { sequence inherentLikelihood } } } }`,
      { id: risk.id },
    );
    expect(riskAssessments.edges.map((e: any) => e.node)).toEqual([
      { sequence: 1, inherentLikelihood: 2 },
      { sequence: 2, inherentLikelihood: 4 },
    ]);
    expect(stored.aiSystems.map((s: { id: string }) => s.id).sort()).toEqual([...systems].sort());
    const { auditLogIntegrity } = await gqlOk<any>(t.http, org.ownerToken, '{ auditLogIntegrity { valid } }');
    expect(auditLogIntegrity.valid).toBe(true);
  });
});
