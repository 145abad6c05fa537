import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gql, gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const CREATE = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
const ASSESS = `mutation($input: AssessRiskInput!) { assessRisk(input: $input) {
  assessment { id sequence inherentLevel { label } } risk { id status inherentLevel { label } } } }`;

/**
 * The write paths under load: statements per createRisk and assessRisk, counted where they leave for
 * PostgreSQL (one of them authentication, which the credential cache removes in production). No read that
 * the write could return: the assessment counts its sequence in its INSERT, the risk is updated in the
 * same statement without being read again, the criteria read once are checked by that statement.
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

  const CRITERIA = `mutation($input: UpdateRiskCriteriaInput!) { updateRiskCriteria(input: $input) { riskCriteria { version } } }`;
  const ASSESSED = `mutation($input: AssessRiskInput!) { assessRisk(input: $input) {
    assessment { sequence criteriaVersion inherentLevel { label } } risk { inherentLevel { label } } } }`;
  const square = (size: number, level: string) => ({
    likelihoodScale: Array.from({ length: size }, (_, i) => ({ label: `L${i + 1}` })),
    consequenceScale: Array.from({ length: size }, (_, i) => ({ label: `C${i + 1}` })),
    levels: [
      { label: `${level} low`, reviewCadenceDays: 365 },
      { label: `${level} high`, reviewCadenceDays: 30 },
    ],
    grid: Array.from({ length: size }, (_, l) =>
      Array.from({ length: size }, (_, c) => (l + c >= size ? 1 : 0)),
    ),
    appetiteLevel: 0,
  });

  it('scores under criteria changed since they were read, reading them again, and refuses only what they refuse', async () => {
    const o = await createOrg(t.http, 'Criteria changes org');
    const assess = (riskId: string, likelihood: number, consequence: number) =>
      recordStatements(t.runtime.dataSource, () =>
        gql(t.http, o.ownerToken, ASSESSED, { input: { riskId, inherent: { likelihood, consequence } } }),
      );
    const { createRisk } = await gqlOk<any>(t.http, o.ownerToken, CREATE, { input: { title: 'Risk' } });
    const riskId = createRisk.risk.id;
    await gqlOk(t.http, o.ownerToken, CRITERIA, { input: square(4, 'Four') });
    const first = await assess(riskId, 2, 2);
    expect(first.result.data.assessRisk.assessment).toMatchObject({ criteriaVersion: 2 });

    // A 5-point scale since: 5 was out of the criteria as read, and is scored under the new ones.
    await gqlOk(t.http, o.ownerToken, CRITERIA, { input: square(5, 'Five') });
    const grown = await assess(riskId, 5, 5);
    expect(grown.result.data.assessRisk).toEqual({
      assessment: { sequence: 2, criteriaVersion: 3, inherentLevel: { label: 'Five high' } },
      risk: { inherentLevel: { label: 'Five high' } },
    });
    expect(grown.statements).toHaveLength(8);

    // New labels since: the write under the criteria as read writes nothing, and is made again under the new ones.
    await gqlOk(t.http, o.ownerToken, CRITERIA, { input: square(5, 'Relabelled') });
    const relabelled = await assess(riskId, 1, 1);
    expect(relabelled.result.data.assessRisk).toEqual({
      assessment: { sequence: 3, criteriaVersion: 4, inherentLevel: { label: 'Relabelled low' } },
      risk: { inherentLevel: { label: 'Relabelled low' } },
    });
    expect(relabelled.statements).toHaveLength(9);

    const refused = await assess(riskId, 6, 1);
    expect(refused.result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const { riskAssessments } = await gqlOk<any>(
      t.http,
      o.ownerToken,
      `query($id: ID!) { riskAssessments(riskId: $id) { totalCount } }`,
      { id: riskId },
    );
    expect(riskAssessments.totalCount).toBe(3);
  });

  it('gives concurrent criteria changes distinct versions, so criteria kept by version are never stale', async () => {
    const o = await createOrg(t.http, 'Concurrent criteria org');
    const { createRisk } = await gqlOk<any>(t.http, o.ownerToken, CREATE, { input: { title: 'Risk' } });
    await gqlOk(t.http, o.ownerToken, CRITERIA, { input: square(4, 'Four') });
    const ds = t.runtime.dataSource;
    const waiting = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n as number;
    // The risk is held locked while both changes start; they queue behind it, and run once it is released.
    const blocker = ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT id FROM risk WHERE id = $1 FOR UPDATE', [createRisk.risk.id]);
    const changes = ['Five', 'Other'].map((level) =>
      gqlOk<any>(t.http, o.ownerToken, CRITERIA, { input: square(5, level) }),
    );
    while ((await waiting()) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await blocker.commitTransaction();
    await blocker.release();
    const versions = (await Promise.all(changes)).map((r) => r.updateRiskCriteria.riskCriteria.version);
    expect(versions.sort()).toEqual([3, 4]);

    // An assessment scores under the criteria that are in force, whichever this process read last.
    const [{ levels }] = await ds.query('SELECT levels FROM risk_criteria WHERE organisation_id = $1', [
      o.organisationId,
    ]);
    const assessed = await gqlOk<any>(t.http, o.ownerToken, ASSESSED, {
      input: { riskId: createRisk.risk.id, inherent: { likelihood: 5, consequence: 5 } },
    });
    expect(assessed.assessRisk.assessment).toMatchObject({
      criteriaVersion: 4,
      inherentLevel: { label: levels[1].label },
    });
  });

  it('creates a risk with 2 AI systems in 6 statements and assesses it in 7 once the criteria are read, sequences counting up', async () => {
    const created = await recordStatements(t.runtime.dataSource, () =>
      gqlOk<any>(t.http, org.ownerToken, CREATE, { input: { title: 'Risk', aiSystemIds: systems } }),
    );
    expect(created.statements).toHaveLength(6);
    const risk = created.result.createRisk.risk;

    const sequences: number[] = [];
    const counts: number[] = [];
    for (const likelihood of [2, 4]) {
      const assessed = await recordStatements(t.runtime.dataSource, () =>
        gqlOk<any>(t.http, org.ownerToken, ASSESS, {
          input: { riskId: risk.id, inherent: { likelihood, consequence: 3 } },
        }),
      );
      counts.push(assessed.statements.length);
      const { assessment, risk: after } = assessed.result.assessRisk;
      expect(after.status).toBe('ANALYSED');
      expect(assessment.inherentLevel.label).toBe(after.inherentLevel.label);
      sequences.push(assessment.sequence);
    }
    expect(sequences).toEqual([1, 2]);
    // The first assessment reads the organisation's criteria; the second uses them as read.
    expect(counts).toEqual([8, 7]);

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
