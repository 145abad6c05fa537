import { Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const PAGE = `query($first: Int!) { cycles(first: $first) { edges { node {
  id phase
  aiSystems { id name }
  checklist { id status owner { id } }
  soa { id linkedRisks { id title } }
  soaCompleteness { decided }
  audits { id leadAuditor { id } findings { id nonconformity { id } } }
  nonconformities { id finding { id } carriedFrom { id } correctiveActions { id owner { id } overdue } }
  managementReviews { id inputs { topic } }
  carriedRisks { riskId risk { id status } originCycle { id } }
  gate { met unmet { code } }
  previousCycle { id }
} } } }`;

const run = (t: TestApp, token: string, mutation: string, input: Record<string, unknown>) =>
  gqlOk<any>(t.http, token, mutation, { input }).then((data) => Object.values(data)[0] as any);

/**
 * docs/domain-rules.md#graphql-conventions: a page of cycles with every nested record costs the same number of SQL statements whatever
 * its size (per-request DataLoaders). Statements are counted where they leave for PostgreSQL, as in
 * risks-batching.e2e-spec.ts.
 */
describe('cycles page batching', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http, 'Cycles batching org');
    const owner = org.ownerToken;
    const auditor = await addMember(t.http, org, Role.AUDITOR);
    const system = await run(
      t,
      owner,
      'mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }',
      { name: 'Scorer', role: 'PROVIDER', lifecycleStage: 'DEPLOYMENT' },
    );
    const risk = await run(
      t,
      owner,
      'mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }',
      {
        title: 'Linked risk',
        aiSystemIds: [system.aiSystem.id],
      },
    );
    let cycleId = (
      await run(
        t,
        owner,
        'mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { id } } }',
        {
          name: 'Cycle 1',
          periodStart: '2026-01-01T00:00:00Z',
          periodEnd: '2026-04-01T00:00:00Z',
          aiSystemIds: [system.aiSystem.id],
        },
      )
    ).cycle.id;
    // Three cycles, each with the same kinds of records; the first two closed (by override).
    for (let n = 1; n <= 3; n++) {
      const soa = await gqlOk<any>(t.http, owner, 'query($id: ID!) { cycle(id: $id) { soa { id } } }', {
        id: cycleId,
      });
      await run(
        t,
        owner,
        'mutation($input: SetSoAEntryInput!) { setSoAEntry(input: $input) { soaEntry { id } } }',
        {
          entryId: soa.cycle.soa[0].id,
          applicable: true,
          justification: 'Needed',
          implementationStatus: 'IN_PROGRESS',
          linkedRiskIds: [risk.risk.id],
        },
      );
      const audit = await run(
        t,
        auditor.token,
        'mutation($input: CreateInternalAuditInput!) { createInternalAudit(input: $input) { audit { id } } }',
        { cycleId, scope: 'All', plannedStartAt: '2026-01-10T00:00:00Z' },
      );
      const finding = await run(
        t,
        auditor.token,
        'mutation($input: AddAuditFindingInput!) { addAuditFinding(input: $input) { finding { id } } }',
        {
          auditId: audit.audit.id,
          type: 'MAJOR_NONCONFORMITY',
          requirementUrns: ['urn:aims:req:iso-iec-42001-2023:5.2'],
          description: `Finding ${n}`,
        },
      );
      const nc = await run(
        t,
        owner,
        'mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { id } } }',
        {
          cycleId,
          source: 'AUDIT_FINDING',
          findingId: finding.finding.id,
          description: `Nonconformity ${n}`,
        },
      );
      await run(
        t,
        owner,
        'mutation($input: AddCorrectiveActionInput!) { addCorrectiveAction(input: $input) { correctiveAction { id } } }',
        { nonconformityId: nc.nonconformity.id, description: 'Fix', dueAt: '2026-06-01T00:00:00Z' },
      );
      await run(
        t,
        owner,
        'mutation($input: RecordManagementReviewInput!) { recordManagementReview(input: $input) { managementReview { id } } }',
        { cycleId, heldAt: '2026-02-01T00:00:00Z', attendees: ['Board'], inputs: [] },
      );
      if (n === 3) break;
      for (let step = 0; step < 4; step++) {
        const moved = await run(
          t,
          owner,
          'mutation($input: AdvanceCycleInput!) { advanceCycle(input: $input) { nextCycle { id } } }',
          { cycleId, override: { reason: 'batching fixture' } },
        );
        if (moved.nextCycle) cycleId = moved.nextCycle.id;
      }
    }
  });
  afterAll(() => t.close());

  async function countPage(first: number) {
    const { result: data, statements } = await recordStatements(t.runtime.dataSource, () =>
      gqlOk<any>(t.http, org.ownerToken, PAGE, { first }),
    );
    return { nodes: data.cycles.edges.map((e: any) => e.node), count: statements.length };
  }

  it('resolves a page of 1 and a page of 3 cycles in the same number of statements', async () => {
    const small = await countPage(1);
    const large = await countPage(3);
    expect(small.nodes).toHaveLength(1);
    expect(large.nodes.map((c: any) => c.phase)).toEqual(['PLAN', 'CLOSED', 'CLOSED']);
    for (const cycle of large.nodes) {
      expect(cycle.checklist).toHaveLength(43);
      expect(cycle.soa[0].linkedRisks).toHaveLength(1);
      expect(cycle.audits[0].findings[0].nonconformity).not.toBeNull();
      expect(cycle.nonconformities[0].correctiveActions).toHaveLength(1);
      expect(cycle.managementReviews[0].inputs).toHaveLength(7);
    }
    // The open cycle continues both earlier open nonconformities (the first one carried twice).
    expect(large.nodes[0].nonconformities.map((n: any) => n.carriedFrom !== null)).toEqual([
      true,
      true,
      false,
    ]);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(30);
  });
});
