import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';

/**
 * Work that answers a reassessment task (a new assessment) closes the subject's open tasks in the same
 * unit of work: the audit trail records one completion per task actually closed, naming it, and none
 * when there was nothing to close.
 */
describe('reassessment tasks closed by the work that answers them', () => {
  let t: TestApp;
  let org: TestOrg;

  const createRisk = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
  const assessRisk = `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id status } } }`;

  const sql = (query: string, params: unknown[] = []) => t.runtime.dataSource.query(query, params);
  const newRisk = async (title: string): Promise<string> =>
    (await gqlOk<any>(t.http, org.ownerToken, createRisk, { input: { title } })).createRisk.risk.id;
  const assess = (riskId: string) =>
    gqlOk(t.http, org.ownerToken, assessRisk, {
      input: { riskId, inherent: { likelihood: 3, consequence: 3 } },
    });
  const openTask = async (riskId: string, kind: string, status = 'OPEN'): Promise<string> =>
    (
      await sql(
        `INSERT INTO reassessment_task (organisation_id, kind, subject_type, subject_id, due_at, status)
         VALUES ($1, $2, 'RISK', $3, now(), $4) RETURNING id`,
        [org.organisationId, kind, riskId, status],
      )
    )[0].id;
  const completions = async (): Promise<{ entityId: string | null; changes: Record<string, unknown> }[]> =>
    sql(
      `SELECT entity_id AS "entityId", changes FROM audit_event
        WHERE organisation_id = $1 AND action = 'reassessment_task.completed' ORDER BY seq`,
      [org.organisationId],
    );
  const taskStatus = async (id: string) =>
    (await sql('SELECT status FROM reassessment_task WHERE id = $1', [id]))[0].status;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    org = await createOrg(t.http, 'Completion Org');
  });

  it('records no completion when the subject has no open task', async () => {
    const riskId = await newRisk('Nothing due');
    await assess(riskId);
    await assess(riskId);
    expect(await completions()).toEqual([]);
  });

  it('records exactly one completion per task closed, naming it', async () => {
    const riskId = await newRisk('Review due');
    const review = await openTask(riskId, 'RISK_REVIEW_DUE');
    const expired = await openTask(riskId, 'RISK_ACCEPTANCE_EXPIRED');
    const expiring = await openTask(riskId, 'RISK_ACCEPTANCE_EXPIRING');
    const done = await openTask(riskId, 'RISK_REVIEW_DUE', 'COMPLETED');

    await assess(riskId);

    const recorded = await completions();
    expect(recorded.map((e) => e.entityId).sort()).toEqual([review, expired].sort());
    for (const event of recorded) {
      expect(event.changes).toMatchObject({ status: { from: 'OPEN', to: 'COMPLETED' } });
    }
    expect(await taskStatus(review)).toBe('COMPLETED');
    expect(await taskStatus(expired)).toBe('COMPLETED');
    expect(await taskStatus(expiring)).toBe('OPEN');
    expect(await taskStatus(done)).toBe('COMPLETED');

    await assess(riskId);
    expect(await completions()).toHaveLength(2);
  });

  it('leaves another organisation’s tasks for the same subject id alone', async () => {
    const riskId = await newRisk('Mine');
    const other = await createOrg(t.http, 'Other Org');
    const foreign = (
      await sql(
        `INSERT INTO reassessment_task (organisation_id, kind, subject_type, subject_id, due_at)
         VALUES ($1, 'RISK_REVIEW_DUE', 'RISK', $2, now()) RETURNING id`,
        [other.organisationId, riskId],
      )
    )[0].id;
    await assess(riskId);
    expect(await completions()).toEqual([]);
    expect(await taskStatus(foreign)).toBe('OPEN');
  });
});
