import { randomUUID } from 'node:crypto';
import { OutboxEvent } from '@aims/audit-log';
import { ManualClock, Role } from '@aims/platform';
import { ReassessmentSweeper, ReassessmentTask } from '@aims/reassessment';
import { privateDatabase } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, PASSWORD, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const DAY = 24 * 3600 * 1000;
const TASK = `id kind subjectType subjectId dueAt thresholdDays status overdue assigneeId escalatedAt escalatedTo
  completedAt completedById note createdAt`;
const Q = {
  tasks: `query($filter: ReassessmentTaskFilter, $first: Int, $after: String) {
    reassessmentTasks(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ${TASK} } } } }`,
  complete: `mutation($input: CompleteReassessmentTaskInput!) { completeReassessmentTask(input: $input) { task { ${TASK} } } }`,
  createRisk: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id nextReviewAt ownerId } } }`,
  assess: `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id status nextReviewAt } } }`,
  update: `mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { id status } } }`,
  accept: `mutation($input: AcceptRiskInput!) { acceptRisk(input: $input) { risk { id status acceptedUntil } } }`,
  risk: `query($id: ID!) { risk(id: $id) { id status nextReviewAt } }`,
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }`,
  createIA: `mutation($input: CreateImpactAssessmentInput!) { createImpactAssessment(input: $input) { impactAssessment { id } } }`,
  createEvidence: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { id } } }`,
  linkVersion: `mutation($input: AddEvidenceLinkVersionInput!) { addEvidenceLinkVersion(input: $input) { evidenceItem { id } } }`,
  submitEvidence: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { id } } }`,
  reviewEvidence: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) { evidenceItem { id status } } }`,
  createCycle: `mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { id } } }`,
  raise: `mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { id } } }`,
  addAction: `mutation($input: AddCorrectiveActionInput!) { addCorrectiveAction(input: $input) { correctiveAction { id dueAt } } }`,
  completeAction: `mutation($input: CompleteCorrectiveActionInput!) { completeCorrectiveAction(input: $input) { correctiveAction { id status } } }`,
  approveIA: `mutation($input: ApproveImpactAssessmentInput!) { approveImpactAssessment(input: $input) { impactAssessment { id nextReviewAt } } }`,
};

const BASE = new Date('2026-03-01T09:00:00.000Z');
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

describe('scheduled reassessment', () => {
  const clock = new ManualClock(BASE);
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let org: TestOrg;
  let officer: string;
  let officerEmail: string;
  let sweeper: ReassessmentSweeper;

  const sweep = () => sweeper.sweep();
  const tasks = async (filter: Record<string, unknown> = {}, token = officer, first = 100) =>
    (await gqlOk<any>(t.http, token, Q.tasks, { filter, first })).reassessmentTasks;
  const events = (type: string, subjectId: string) =>
    t.runtime.dataSource
      .getRepository(OutboxEvent)
      .createQueryBuilder('e')
      .where('e.type = :type', { type })
      .andWhere("e.payload->>'subjectId' = :subjectId", { subjectId })
      .getMany();
  const countRows = async (organisationId: string) => ({
    tasks: await t.runtime.dataSource.getRepository(ReassessmentTask).countBy({ organisationId }),
    audit: Number(
      (
        await t.runtime.dataSource.query('SELECT count(*) AS n FROM audit_event WHERE organisation_id = $1', [
          organisationId,
        ])
      )[0].n,
    ),
  });
  /** Access tokens expire by the same clock, so after travelling in time the test logs in again. */
  const login = async (email: string, organisationId = org.organisationId) =>
    (await gqlOk<any>(t.http, null, LOGIN, { input: { email, password: PASSWORD, organisationId } })).login
      .accessToken as string;
  const travel = async (to: Date) => {
    clock.set(to);
    officer = await login(officerEmail);
  };
  const createRisk = async (title: string) =>
    (await gqlOk<any>(t.http, officer, Q.createRisk, { input: { title } })).createRisk.risk;
  const assess = async (riskId: string, likelihood = 2, consequence = 2) =>
    (
      await gqlOk<any>(t.http, officer, Q.assess, {
        input: { riskId, inherent: { likelihood, consequence } },
      })
    ).assessRisk.risk;

  beforeAll(async () => {
    db = await privateDatabase();
    t = await startTestApp({ clock, env: { DATABASE_URL: db.url, REASSESSMENT_BATCH_SIZE: '3' } });
    sweeper = t.app.get(ReassessmentSweeper);
    org = await createOrg(t.http, 'Reassessment org');
    const co = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
    officer = co.token;
    officerEmail = co.email;
  });
  afterEach(() => travel(BASE));
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('risk review due', () => {
    it('creates one task per due review, events it once, and closes it when the risk is reassessed', async () => {
      const risk = await createRisk('Model drift');
      const assessed = await assess(risk.id);
      const dueAt = new Date(assessed.nextReviewAt);
      expect(dueAt.getTime()).toBeGreaterThan(clock.now().getTime());

      await sweep();
      expect((await tasks({ subjectId: risk.id })).totalCount).toBe(0);

      await travel(new Date(dueAt.getTime() + 1000));
      const first = await sweep();
      expect(first.created.RISK_REVIEW_DUE).toBeGreaterThanOrEqual(1);
      await sweep();
      await sweep();

      const list = await tasks({ subjectId: risk.id });
      expect(list.totalCount).toBe(1);
      const task = list.edges[0].node;
      expect(task).toMatchObject({
        kind: 'RISK_REVIEW_DUE',
        subjectType: 'RISK',
        subjectId: risk.id,
        dueAt: dueAt.toISOString(),
        thresholdDays: null,
        status: 'OPEN',
        overdue: true,
        assigneeId: risk.ownerId,
        escalatedAt: null,
      });
      expect(await events('reassessment.created', risk.id)).toHaveLength(1);
      const reviewDue = await events('risk.review_due', risk.id);
      expect(reviewDue).toHaveLength(1);
      expect(reviewDue[0].payload).toMatchObject({
        taskId: task.id,
        riskId: risk.id,
        kind: 'RISK_REVIEW_DUE',
      });

      const reassessed = await assess(risk.id, 3, 3);
      expect(new Date(reassessed.nextReviewAt).getTime()).toBeGreaterThan(clock.now().getTime());
      const closed = (await tasks({ subjectId: risk.id })).edges[0].node;
      expect(closed).toMatchObject({
        status: 'COMPLETED',
        overdue: false,
        completedAt: clock.now().toISOString(),
      });
      expect(closed.completedById).not.toBeNull();

      await sweep();
      expect((await tasks({ subjectId: risk.id })).totalCount).toBe(1);
    });
  });

  describe('risk acceptance', () => {
    it('gives 30/7/1-day notices, cancels the moot ones, and reopens the risk once expired', async () => {
      const risk = await createRisk('Vendor lock-in');
      await assess(risk.id, 1, 2);
      await gqlOk(t.http, officer, Q.update, { input: { id: risk.id, status: 'EVALUATED' } });
      const acceptedUntil = new Date(clock.now().getTime() + 10 * DAY);
      await gqlOk(t.http, org.ownerToken, Q.accept, {
        input: { riskId: risk.id, rationale: 'Low and known', acceptedUntil: acceptedUntil.toISOString() },
      });
      const expiring = { subjectId: risk.id, kind: ['RISK_ACCEPTANCE_EXPIRING'] };

      await sweep();
      await sweep();
      let list = await tasks(expiring);
      expect(list.edges.map((e: any) => [e.node.thresholdDays, e.node.status])).toEqual([[30, 'OPEN']]);

      await travel(new Date(acceptedUntil.getTime() - 5 * DAY));
      await sweep();
      list = await tasks(expiring);
      expect(list.edges.map((e: any) => [e.node.thresholdDays, e.node.status]).sort()).toEqual([
        [30, 'CANCELLED'],
        [7, 'OPEN'],
      ]);

      await travel(new Date(acceptedUntil.getTime() - 3600 * 1000));
      await sweep();
      await travel(new Date(acceptedUntil.getTime() + 1000));
      await sweep();
      await sweep();

      const all = (await tasks({ subjectId: risk.id })).edges.map((e: any) => e.node);
      expect(all.map((n: any) => [n.kind, n.thresholdDays, n.status]).sort()).toEqual([
        ['RISK_ACCEPTANCE_EXPIRED', null, 'OPEN'],
        ['RISK_ACCEPTANCE_EXPIRING', 1, 'CANCELLED'],
        ['RISK_ACCEPTANCE_EXPIRING', 30, 'CANCELLED'],
        ['RISK_ACCEPTANCE_EXPIRING', 7, 'CANCELLED'],
      ]);
      expect(all.every((n: any) => n.dueAt === acceptedUntil.toISOString())).toBe(true);
      expect((await gqlOk<any>(t.http, officer, Q.risk, { id: risk.id })).risk.status).toBe('ANALYSED');
      expect(await events('reassessment.created', risk.id)).toHaveLength(4);
      const expired = await t.runtime.dataSource
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where("e.type = 'risk.acceptance_expired' AND e.payload->>'riskId' = :id", { id: risk.id })
        .getMany();
      expect(expired).toHaveLength(1);

      // The reassessment the expiry asked for closes the task.
      await assess(risk.id, 1, 2);
      const after = (await tasks({ subjectId: risk.id, kind: ['RISK_ACCEPTANCE_EXPIRED'] })).edges[0].node;
      expect(after.status).toBe('COMPLETED');
    });
  });

  describe('AI systems', () => {
    it('creates re-grade and impact assessment review tasks from their due dates', async () => {
      const system = (
        await gqlOk<any>(t.http, officer, Q.createSystem, {
          input: { name: 'Screening model', role: 'PROVIDER', lifecycleStage: 'DESIGN_AND_DEVELOPMENT' },
        })
      ).createAISystem.aiSystem;
      const ia = (
        await gqlOk<any>(t.http, officer, Q.createIA, {
          input: {
            aiSystemId: system.id,
            scope: 'Screening in the EU',
            interestedParties: ['Applicants'],
            impacts: [
              {
                kind: 'HARM',
                description: 'Unfair rejection',
                affectedGroup: 'Applicants',
                severity: 3,
                likelihood: 2,
              },
            ],
          },
        })
      ).createImpactAssessment.impactAssessment;
      const approved = (await gqlOk<any>(t.http, org.ownerToken, Q.approveIA, { input: { id: ia.id } }))
        .approveImpactAssessment.impactAssessment;
      const regradeAt = new Date(clock.now().getTime() + 2 * DAY);
      await t.runtime.dataSource.query('UPDATE ai_system SET next_regrade_at = $1 WHERE id = $2', [
        regradeAt,
        system.id,
      ]);

      await travel(new Date(Math.max(regradeAt.getTime(), new Date(approved.nextReviewAt).getTime()) + 1000));
      await sweep();
      await sweep();
      const regrade = await tasks({ subjectId: system.id });
      expect(regrade.edges.map((e: any) => [e.node.kind, e.node.subjectType, e.node.dueAt])).toEqual([
        ['AI_SYSTEM_REGRADE_DUE', 'AI_SYSTEM', regradeAt.toISOString()],
      ]);
      const review = await tasks({ subjectType: 'IMPACT_ASSESSMENT', subjectId: ia.id });
      expect(review.edges.map((e: any) => [e.node.kind, e.node.dueAt])).toEqual([
        ['IMPACT_ASSESSMENT_REVIEW_DUE', approved.nextReviewAt],
      ]);
      expect(await events('reassessment.created', ia.id)).toHaveLength(1);
    });
  });

  describe('evidence', () => {
    it('gives expiry notices, marks the expiry once, and closes both on a newly accepted version', async () => {
      const validUntil = new Date(clock.now().getTime() + 20 * DAY);
      const item = (
        await gqlOk<any>(t.http, officer, Q.createEvidence, {
          input: {
            title: 'Bias test report',
            kind: 'LINK',
            url: 'https://example.com/report',
            validUntil: validUntil.toISOString(),
          },
        })
      ).createEvidence.evidenceItem;
      await gqlOk(t.http, officer, Q.submitEvidence, { input: { evidenceItemId: item.id } });
      await gqlOk(t.http, org.ownerToken, Q.reviewEvidence, {
        input: { evidenceItemId: item.id, decision: 'ACCEPT' },
      });

      await sweep();
      await travel(new Date(validUntil.getTime() - 2 * DAY));
      await sweep();
      await travel(new Date(validUntil.getTime() + 1000));
      await sweep();
      await sweep();

      const all = (await tasks({ subjectId: item.id })).edges.map((e: any) => e.node);
      expect(all.map((n: any) => [n.kind, n.thresholdDays, n.status]).sort()).toEqual([
        ['EVIDENCE_EXPIRED', null, 'OPEN'],
        ['EVIDENCE_EXPIRING', 30, 'CANCELLED'],
        ['EVIDENCE_EXPIRING', 7, 'CANCELLED'],
      ]);
      expect(await events('evidence.expiring', item.id)).toHaveLength(2);
      expect(await events('evidence.expired', item.id)).toHaveLength(1);
      expect(await events('reassessment.created', item.id)).toHaveLength(3);

      await gqlOk(t.http, officer, Q.linkVersion, {
        input: {
          evidenceItemId: item.id,
          url: 'https://example.com/report-v2',
          validUntil: new Date(clock.now().getTime() + 365 * DAY).toISOString(),
        },
      });
      await gqlOk(t.http, officer, Q.submitEvidence, { input: { evidenceItemId: item.id } });
      const owner = await login(org.ownerEmail);
      await gqlOk(t.http, owner, Q.reviewEvidence, {
        input: { evidenceItemId: item.id, decision: 'ACCEPT' },
      });
      const expired = (await tasks({ subjectId: item.id, kind: ['EVIDENCE_EXPIRED'] })).edges[0].node;
      expect(expired.status).toBe('COMPLETED');
      await sweep();
      expect((await tasks({ subjectId: item.id })).totalCount).toBe(3);
    });
  });

  describe('corrective actions', () => {
    it('reports an open action past its due date once and closes the task when it is completed', async () => {
      const cycle = (
        await gqlOk<any>(t.http, officer, Q.createCycle, {
          input: {
            name: 'Cycle 2026',
            periodStart: clock.now().toISOString(),
            periodEnd: new Date(clock.now().getTime() + 365 * DAY).toISOString(),
          },
        })
      ).createCycle.cycle;
      const nc = (
        await gqlOk<any>(t.http, officer, Q.raise, {
          input: { cycleId: cycle.id, source: 'OTHER', severity: 'MINOR', description: 'Logs not kept' },
        })
      ).raiseNonconformity.nonconformity;
      const action = (
        await gqlOk<any>(t.http, officer, Q.addAction, {
          input: {
            nonconformityId: nc.id,
            description: 'Turn on log retention',
            dueAt: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
          },
        })
      ).addCorrectiveAction.correctiveAction;

      await sweep();
      expect((await tasks({ subjectId: action.id })).totalCount).toBe(0);
      await travel(new Date(new Date(action.dueAt).getTime() + 1000));
      await sweep();
      await sweep();
      const [task] = (await tasks({ subjectId: action.id })).edges.map((e: any) => e.node);
      expect(task).toMatchObject({
        kind: 'CORRECTIVE_ACTION_OVERDUE',
        subjectType: 'CORRECTIVE_ACTION',
        dueAt: action.dueAt,
        status: 'OPEN',
        overdue: true,
      });
      expect(await events('corrective_action.overdue', action.id)).toHaveLength(1);
      expect(await events('reassessment.created', action.id)).toHaveLength(1);

      await gqlOk(t.http, officer, Q.completeAction, {
        input: { correctiveActionId: action.id, effective: true },
      });
      expect((await tasks({ subjectId: action.id })).edges[0].node.status).toBe('COMPLETED');
      await sweep();
      expect((await tasks({ subjectId: action.id })).totalCount).toBe(1);
    });
  });

  describe('escalation', () => {
    it('escalates an overdue open task once to the OWNER and ADMIN members', async () => {
      const o = await createOrg(t.http, 'Escalation org');
      const admin = await addMember(t.http, o, Role.ADMIN);
      const co = await addMember(t.http, o, Role.COMPLIANCE_OFFICER);
      const risk = (await gqlOk<any>(t.http, co.token, Q.createRisk, { input: { title: 'Escalates' } }))
        .createRisk.risk;
      const assessed = (
        await gqlOk<any>(t.http, co.token, Q.assess, {
          input: { riskId: risk.id, inherent: { likelihood: 2, consequence: 2 } },
        })
      ).assessRisk.risk;
      const dueAt = new Date(assessed.nextReviewAt);

      await travel(new Date(dueAt.getTime() + 1000));
      await sweep();
      const [task] = (await tasks({ subjectId: risk.id }, await login(co.email, o.organisationId))).edges.map(
        (e: any) => e.node,
      );
      expect(task.escalatedAt).toBeNull();

      await travel(new Date(dueAt.getTime() + 72 * 3600 * 1000 - 1000));
      expect((await sweep()).escalated).toBe(0);
      await travel(new Date(dueAt.getTime() + 72 * 3600 * 1000 + 1000));
      await sweep();
      await sweep();
      const escalated = (await tasks({ subjectId: risk.id }, await login(co.email, o.organisationId)))
        .edges[0].node;
      expect(escalated.escalatedAt).toBe(clock.now().toISOString());
      expect([...escalated.escalatedTo].sort()).toEqual([o.ownerId, admin.userId].sort());
      expect(await events('reassessment.escalated', risk.id)).toHaveLength(1);
    });
  });

  describe('reassessmentTasks and completeReassessmentTask', () => {
    let o: TestOrg;
    let roles: Record<Role, string>;
    let taskIds: string[];
    let riskIds: string[];

    beforeAll(async () => {
      o = await createOrg(t.http, 'Task list org');
      roles = await tokensByRole(t.http, o);
      riskIds = [];
      for (let i = 0; i < 5; i++) {
        const r = (
          await gqlOk<any>(t.http, roles[Role.COMPLIANCE_OFFICER], Q.createRisk, {
            input: { title: `List ${i}` },
          })
        ).createRisk.risk;
        riskIds.push(r.id);
      }
      const due = new Date(clock.now().getTime() - DAY);
      await t.runtime.dataSource.query(
        "UPDATE risk SET next_review_at = $1::timestamptz + (array_position($2::uuid[], id) || ' seconds')::interval WHERE id = ANY($2::uuid[])",
        [due, riskIds],
      );
      await sweep();
      taskIds = (await tasks({}, roles[Role.VIEWER])).edges.map((e: any) => e.node.id);
    });

    it('lists tasks soonest first with keyset pages, for every reading role', async () => {
      expect(taskIds).toHaveLength(5);
      for (const role of [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR, Role.VIEWER]) {
        const page1 = (await gqlOk<any>(t.http, roles[role], Q.tasks, { first: 2 })).reassessmentTasks;
        expect(page1.totalCount).toBe(5);
        const page2 = (
          await gqlOk<any>(t.http, roles[role], Q.tasks, { first: 10, after: page1.pageInfo.endCursor })
        ).reassessmentTasks;
        expect([...page1.edges, ...page2.edges].map((e: any) => e.node.subjectId)).toEqual(riskIds);
      }
    });

    it('filters by kind, status, subject, assignee and overdue', async () => {
      const viewer = roles[Role.VIEWER];
      expect((await tasks({ kind: ['RISK_REVIEW_DUE'] }, viewer)).totalCount).toBe(5);
      expect((await tasks({ kind: ['EVIDENCE_EXPIRED'] }, viewer)).totalCount).toBe(0);
      expect((await tasks({ status: ['OPEN'] }, viewer)).totalCount).toBe(5);
      expect((await tasks({ subjectType: 'RISK', subjectId: riskIds[2] }, viewer)).totalCount).toBe(1);
      expect((await tasks({ subjectType: 'AI_SYSTEM' }, viewer)).totalCount).toBe(0);
      const assignee = (await tasks({}, viewer)).edges[0].node.assigneeId;
      expect(assignee).not.toBeNull();
      expect((await tasks({ assigneeId: assignee }, viewer)).totalCount).toBe(5);
      expect((await tasks({ assigneeId: randomUUID() }, viewer)).totalCount).toBe(0);
      expect((await tasks({ overdue: true }, viewer)).totalCount).toBe(5);
      expect((await tasks({ overdue: false }, viewer)).totalCount).toBe(0);
    });

    it('refuses bad filters and pages', async () => {
      const res = await gql(t.http, roles[Role.VIEWER], Q.tasks, { filter: { subjectId: 'nope' } });
      expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['filter.subjectId']]);
      const page = await gql(t.http, roles[Role.VIEWER], Q.tasks, { first: 101 });
      expect(errorCode(page)).toBe('BAD_USER_INPUT');
    });

    it('keeps organisations apart', async () => {
      const other = await tasks({}, org.ownerToken);
      expect(other.edges.some((e: any) => taskIds.includes(e.node.id))).toBe(false);
      expect((await tasks({ subjectId: riskIds[0] }, org.ownerToken)).totalCount).toBe(0);
    });

    it('refuses bad input and writes nothing', async () => {
      const before = await countRows(o.organisationId);
      const cases: [Record<string, unknown>, string][] = [
        [{ taskId: 'not-a-uuid' }, 'input.taskId'],
        [{ taskId: taskIds[0], note: 'x'.repeat(5001) }, 'input.note'],
        [{ taskId: taskIds[0], note: '   ' }, 'input.note'],
      ];
      for (const [input, field] of cases) {
        const res = await gql(t.http, roles[Role.OWNER], Q.complete, { input });
        expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', [field]]);
      }
      expect(await countRows(o.organisationId)).toEqual(before);
      const task = (await tasks({ subjectId: riskIds[0] }, roles[Role.VIEWER])).edges[0].node;
      expect(task.status).toBe('OPEN');
    });

    it('lets AUDITOR and VIEWER read but not complete', async () => {
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        const res = await gql(t.http, roles[role], Q.complete, { input: { taskId: taskIds[0] } });
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
    });

    it('treats another organisation’s task like a missing one', async () => {
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, org.ownerToken, Q.complete, { input: { taskId: id } }),
        taskIds[0],
      );
    });

    it('completes an open task once, for OWNER, ADMIN and COMPLIANCE_OFFICER, audited', async () => {
      const governing = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];
      for (const [i, role] of governing.entries()) {
        const before = await countRows(o.organisationId);
        const done = (
          await gqlOk<any>(t.http, roles[role], Q.complete, {
            input: { taskId: taskIds[i], note: ' Reviewed with the owner ' },
          })
        ).completeReassessmentTask.task;
        expect(done).toMatchObject({
          id: taskIds[i],
          status: 'COMPLETED',
          overdue: false,
          completedAt: clock.now().toISOString(),
          note: 'Reviewed with the owner',
        });
        expect(await countRows(o.organisationId)).toEqual({ ...before, audit: before.audit + 1 });
      }
      const again = await gql(t.http, roles[Role.OWNER], Q.complete, { input: { taskId: taskIds[0] } });
      expect(errorCode(again)).toBe('CONFLICT');
      expect((await tasks({ status: ['COMPLETED'] }, roles[Role.VIEWER])).totalCount).toBe(3);
      expect((await tasks({ overdue: true }, roles[Role.VIEWER])).totalCount).toBe(2);
    });
  });
});
