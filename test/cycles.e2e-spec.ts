import { randomUUID } from 'node:crypto';
import { CyclesService } from '@aims/cycles';
import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, GqlResponse, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const DAY = 24 * 3600 * 1000;
const REQ = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;

const GATE = 'from to met unmet { code message entityType entityId }';
const CYCLE = `id sequence name periodStart periodEnd phase scopeStatement aiSystemIds phaseChangedAt closedAt previousCycleId
  aiSystems { id name }
  soaCompleteness { total decided awaitingConfirmation applicable notApplicable percent complete }
  transitions { from to at byType byId overridden overrideReason overriddenCriteria { code entityType entityId } }`;
const ITEM = 'id cycleId requirementUrn refId title phase status ownerId owner { id } notes statusChangedAt';
const ENTRY = `id cycleId controlUrn refId title origin applicable justification implementationStatus linkedRiskIds
  linkedRisks { id title } carriedOver carriedFromId decidedAt decidedById`;
const AUDIT = `id cycleId title scope leadAuditorId leadAuditor { id } plannedStartAt plannedEndAt status
  performedStartAt performedEndAt completedAt conclusion`;
const FINDING =
  'id auditId cycleId type requirementUrns description recordedByType recordedById nonconformity { id }';
const ACTION = `id nonconformityId cycleId description ownerId owner { id } dueAt status completedAt effective
  effectivenessNotes verifiedByType verifiedById carriedFromId overdue`;
const NC = `id cycleId source findingId managementReviewId reference description severity requirementUrns rootCause
  status raisedByType raisedById closedAt carriedFromId finding { id type } carriedFrom { id status cycleId }
  correctiveActions { ${ACTION} }`;
const REVIEW = `id cycleId heldAt attendees decisions summary recordedByType recordedById allInputsCovered
  inputs { topic description covered notes } actions { description ownerId dueAt }`;

const Q = {
  create: `mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { ${CYCLE} } } }`,
  update: `mutation($input: UpdateCycleInput!) { updateCycle(input: $input) { cycle { ${CYCLE} } } }`,
  advance: `mutation($input: AdvanceCycleInput!) { advanceCycle(input: $input) {
    cycle { ${CYCLE} } gate { ${GATE} } overridden nextCycle { ${CYCLE} } } }`,
  cycle: `query($id: ID!, $to: CyclePhase) { cycle(id: $id) { ${CYCLE} gate(to: $to) { ${GATE} }
    checklist { ${ITEM} } soa { ${ENTRY} } audits { ${AUDIT} findings { ${FINDING} } }
    nonconformities { ${NC} } managementReviews { ${REVIEW} }
    carriedRisks { riskId originCycleId acceptedUntil carriedAt risk { id status } originCycle { id phase } }
    previousCycle { id phase } } }`,
  current: `{ currentCycle { id name phase } }`,
  list: `query($first: Int, $after: String) { cycles(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence name phase } } } }`,
  checklist: `query($id: ID!, $phase: PdcaPhase) { cycle(id: $id) { checklist(phase: $phase) { id refId phase status } } }`,
  soa: `query($id: ID!) { cycle(id: $id) { soa { id refId controlUrn applicable carriedOver } } }`,
  gate: `query($id: ID!, $to: CyclePhase) { cycle(id: $id) { gate(to: $to) { ${GATE} } } }`,
  updateItem: `mutation($input: UpdateChecklistItemInput!) { updateChecklistItem(input: $input) { checklistItem { ${ITEM} } } }`,
  setEntry: `mutation($input: SetSoAEntryInput!) { setSoAEntry(input: $input) { soaEntry { ${ENTRY} } } }`,
  addControl: `mutation($input: AddSoAControlInput!) { addSoAControl(input: $input) { soaEntry { ${ENTRY} } } }`,
  createAudit: `mutation($input: CreateInternalAuditInput!) { createInternalAudit(input: $input) { audit { ${AUDIT} } } }`,
  addFinding: `mutation($input: AddAuditFindingInput!) { addAuditFinding(input: $input) {
    finding { ${FINDING} } audit { id status } } }`,
  completeAudit: `mutation($input: CompleteInternalAuditInput!) { completeInternalAudit(input: $input) { audit { ${AUDIT} } } }`,
  raise: `mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { ${NC} } } }`,
  updateNc: `mutation($input: UpdateNonconformityInput!) { updateNonconformity(input: $input) { nonconformity { ${NC} } } }`,
  addAction: `mutation($input: AddCorrectiveActionInput!) { addCorrectiveAction(input: $input) {
    correctiveAction { ${ACTION} } nonconformity { id status } } }`,
  completeAction: `mutation($input: CompleteCorrectiveActionInput!) { completeCorrectiveAction(input: $input) {
    correctiveAction { ${ACTION} } nonconformity { id status closedAt } } }`,
  review: `mutation($input: RecordManagementReviewInput!) { recordManagementReview(input: $input) { managementReview { ${REVIEW} } } }`,
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id name } } }`,
  createRisk: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`,
  assessRisk: `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id aboveAppetite } } }`,
  updateRisk: `mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { id status } } }`,
  treatRisk: `mutation($input: SetRiskTreatmentInput!) { setRiskTreatment(input: $input) { risk { id status } } }`,
  acceptRisk: `mutation($input: AcceptRiskInput!) { acceptRisk(input: $input) { risk { id status } } }`,
};

/** Every unmet criterion of a GATE_NOT_MET answer as [code, entityType, entityId]. */
const unmetOf = (res: GqlResponse) =>
  (
    (res.errors?.[0]?.extensions?.unmet ?? []) as { code: string; entityType: string; entityId: string }[]
  ).map((u) => [u.code, u.entityType, u.entityId]);
const codesOf = (res: GqlResponse) => [...new Set(unmetOf(res).map(([code]) => code))];

describe('PDCA cycles', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

  const sql = async (query: string, params: unknown[] = []) =>
    (await t.runtime.dataSource.query(query, params)) as any[];
  /** Rows a cycle operation may write, per organisation: compared before and after refused operations. */
  const footprint = async (organisationId: string) =>
    (
      await sql(
        `SELECT ${[
          'cycle',
          'checklist_item',
          'soa_entry',
          'internal_audit',
          'audit_finding',
          'nonconformity',
          'corrective_action',
          'management_review',
          'cycle_carried_risk',
          'audit_event',
          'outbox_event',
        ]
          .map((table) => `(SELECT count(*) FROM ${table} WHERE organisation_id = $1)::int AS ${table}`)
          .join(', ')},
          (SELECT coalesce(max(updated_at), 'epoch') FROM (
            SELECT updated_at FROM cycle WHERE organisation_id = $1 UNION ALL
            SELECT updated_at FROM checklist_item WHERE organisation_id = $1 UNION ALL
            SELECT updated_at FROM soa_entry WHERE organisation_id = $1 UNION ALL
            SELECT updated_at FROM internal_audit WHERE organisation_id = $1 UNION ALL
            SELECT updated_at FROM nonconformity WHERE organisation_id = $1 UNION ALL
            SELECT updated_at FROM corrective_action WHERE organisation_id = $1) u) AS touched`,
        [organisationId],
      )
    )[0];
  const events = async (organisationId: string, prefix: string) =>
    sql(
      `SELECT type, payload FROM outbox_event WHERE organisation_id = $1 AND type LIKE $2 ORDER BY created_at, id`,
      [organisationId, `${prefix}%`],
    );
  const auditEvents = async (organisationId: string, action: string) =>
    sql(
      'SELECT entity_type, entity_id, actor_id, changes FROM audit_event WHERE organisation_id = $1 AND action = $2 ORDER BY seq',
      [organisationId, action],
    );

  /** Runs a mutation that must succeed and returns its payload. */
  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token: string) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const readCycle = async (id: string, token: string, to?: string) =>
    (await gqlOk<any>(t.http, token, Q.cycle, { id, to })).cycle;
  const advance = (cycleId: string, token: string, override?: { reason: string }) =>
    gql<any>(t.http, token, Q.advance, { input: { cycleId, override } });

  const newCycle = async (token: string, input: Record<string, unknown> = {}) =>
    (
      await run(
        'create',
        {
          name: 'AIMS 2026',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2027-01-01T00:00:00.000Z',
          ...input,
        },
        token,
      )
    ).cycle;
  const createSystem = async (token: string, name = 'Credit scorer') =>
    (await run('createSystem', { name, role: 'PROVIDER', lifecycleStage: 'OPERATION_AND_MONITORING' }, token))
      .aiSystem;
  /** A risk scored likelihood × consequence and moved to EVALUATED (5 × 5 is above the default appetite). */
  const evaluatedRisk = async (token: string, aiSystemIds: string[], score = 5, title = 'A risk') => {
    const risk = (await run('createRisk', { title, aiSystemIds }, token)).risk;
    await run('assessRisk', { riskId: risk.id, inherent: { likelihood: score, consequence: score } }, token);
    await run('updateRisk', { id: risk.id, status: 'EVALUATED' }, token);
    return risk.id as string;
  };
  const treat = (riskId: string, token: string) =>
    run('treatRisk', { riskId, option: 'MODIFY', actions: [{ title: 'Mitigate' }] }, token);

  const setItems = async (cycleId: string, token: string, phase: string, status: string) => {
    const items = (await gqlOk<any>(t.http, token, Q.checklist, { id: cycleId, phase })).cycle.checklist;
    for (const item of items) await run('updateItem', { id: item.id, status }, token);
    return items as { id: string; refId: string }[];
  };
  /** Decides every SoA entry: A.10.x excluded, the rest applicable and implemented. */
  const decideSoA = async (cycleId: string, token: string) => {
    const soa = (await gqlOk<any>(t.http, token, Q.soa, { id: cycleId })).cycle.soa;
    for (const e of soa) {
      const excluded = e.refId.startsWith('A.10.');
      await run(
        'setEntry',
        {
          entryId: e.id,
          applicable: !excluded,
          justification: excluded ? 'No third parties involved' : 'Needed for our AI systems',
          implementationStatus: excluded ? undefined : 'IMPLEMENTED',
        },
        token,
      );
    }
    return soa as { id: string; refId: string }[];
  };
  /** Takes a fresh cycle to where PLAN → DO holds. */
  const readyForDo = async (cycleId: string, token: string, systemIds: string[]) => {
    await setItems(cycleId, token, 'PLAN', 'IMPLEMENTED');
    await decideSoA(cycleId, token);
    for (const id of systemIds) await evaluatedRisk(token, [id], 1, 'Low risk');
  };
  const completedAuditAndReview = async (cycleId: string, token: string) => {
    const audit = (await run('createAudit', { cycleId, scope: 'Whole AIMS', plannedStartAt: at(0) }, token))
      .audit;
    await run('completeAudit', { auditId: audit.id }, token);
    await run(
      'review',
      { cycleId, heldAt: at(0), attendees: ['CEO'], inputs: [{ topic: 'AUDIT_RESULTS', covered: true }] },
      token,
    );
    return audit.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(() => t.close());

  describe('a full cycle, as an auditor would walk it', () => {
    it('runs PLAN → DO → CHECK → ACT → CLOSED through every gate and hands over to the next cycle', async () => {
      const org = await createOrg(t.http, 'Full cycle org');
      const officer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
      const auditor = await addMember(t.http, org, Role.AUDITOR);
      const system = await createSystem(officer);

      // PLAN: a cycle without scope, clauses or SoA decisions.
      const cycle = await newCycle(officer, { name: 'FY2026' });
      expect(cycle).toMatchObject({ sequence: 1, phase: 'PLAN', aiSystemIds: [], scopeStatement: null });
      const planGate = await advance(cycle.id, officer);
      expect(errorCode(planGate)).toBe('GATE_NOT_MET');
      expect(codesOf(planGate)).toEqual(['SCOPE_UNDEFINED', 'PLAN_CLAUSE_OPEN', 'SOA_ENTRY_UNDECIDED']);
      expect(unmetOf(planGate)[0]).toEqual(['SCOPE_UNDEFINED', 'Cycle', cycle.id]);
      expect(unmetOf(planGate).filter(([c]) => c === 'PLAN_CLAUSE_OPEN')).toHaveLength(17);
      expect(unmetOf(planGate).filter(([c]) => c === 'SOA_ENTRY_UNDECIDED')).toHaveLength(38);
      expect(planGate.errors?.[0].extensions?.unmet).toContainEqual({
        code: 'PLAN_CLAUSE_OPEN',
        message: expect.stringMatching(/^Clause 6\.1\.3 .* is NOT_STARTED/),
        entityType: 'ChecklistItem',
        entityId: expect.any(String),
      });
      // The preview says the same, without changing anything.
      expect((await readCycle(cycle.id, officer)).gate.unmet).toEqual(planGate.errors?.[0].extensions?.unmet);

      await run('update', { id: cycle.id, aiSystemIds: [system.id] }, officer);
      await setItems(cycle.id, officer, 'PLAN', 'IMPLEMENTED');
      await decideSoA(cycle.id, officer);
      const riskGate = await advance(cycle.id, officer);
      expect(unmetOf(riskGate)).toEqual([['AI_SYSTEM_WITHOUT_EVALUATED_RISK', 'AISystem', system.id]]);
      const highRisk = await evaluatedRisk(officer, [system.id], 5, 'Unfair credit decisions');
      const toDo = (await gqlOk<any>(t.http, officer, Q.advance, { input: { cycleId: cycle.id } }))
        .advanceCycle;
      expect(toDo).toMatchObject({
        cycle: { phase: 'DO', transitions: [{ from: 'PLAN', to: 'DO', overridden: false }] },
        gate: { from: 'PLAN', to: 'DO', met: true, unmet: [] },
        overridden: false,
        nextCycle: null,
      });

      // DO: support and operation clauses done (42001 7, 8); the above-appetite risk is only evaluated.
      await setItems(cycle.id, officer, 'DO', 'IMPLEMENTED');
      const doGate = await advance(cycle.id, officer);
      expect(unmetOf(doGate)).toEqual([['RISK_ABOVE_APPETITE_UNTREATED', 'Risk', highRisk]]);
      await treat(highRisk, officer);
      expect((await advance(cycle.id, officer)).data.advanceCycle.cycle.phase).toBe('CHECK');

      // CHECK: an audit (by the auditor) with a major nonconformity, and a management review.
      const checkGate = await advance(cycle.id, officer);
      expect(unmetOf(checkGate)).toEqual([
        ['INTERNAL_AUDIT_MISSING', 'Cycle', cycle.id],
        ['MANAGEMENT_REVIEW_MISSING', 'Cycle', cycle.id],
      ]);
      const audit = (
        await run(
          'createAudit',
          { cycleId: cycle.id, scope: 'Clauses 4–10, credit scorer', plannedStartAt: at(1) },
          auditor.token,
        )
      ).audit;
      expect(audit).toMatchObject({
        status: 'PLANNED',
        leadAuditorId: auditor.userId,
        title: 'Internal audit 1',
      });
      const { finding } = await run(
        'addFinding',
        {
          auditId: audit.id,
          type: 'MAJOR_NONCONFORMITY',
          requirementUrns: [REQ('5.2'), REQ('a.2.2')],
          description: 'No approved AI policy',
        },
        auditor.token,
      );
      expect(unmetOf(await advance(cycle.id, officer))).toEqual([
        ['INTERNAL_AUDIT_NOT_COMPLETED', 'InternalAudit', audit.id],
        ['MANAGEMENT_REVIEW_MISSING', 'Cycle', cycle.id],
      ]);
      await run('completeAudit', { auditId: audit.id, conclusion: 'One major nonconformity' }, auditor.token);
      await run(
        'review',
        {
          cycleId: cycle.id,
          heldAt: at(2),
          attendees: ['Chief executive', 'AIMS manager'],
          inputs: [
            { topic: 'AUDIT_RESULTS', covered: true, notes: 'Major finding on the AI policy' },
            { topic: 'NONCONFORMITIES_AND_CORRECTIVE_ACTIONS', covered: true },
          ],
          decisions: ['Approve an AI policy this quarter'],
        },
        officer,
      );
      expect((await advance(cycle.id, officer)).data.advanceCycle.cycle.phase).toBe('ACT');

      // ACT: the major finding must become a nonconformity with a corrective action.
      expect(unmetOf(await advance(cycle.id, officer))).toEqual([
        ['MAJOR_FINDING_WITHOUT_NONCONFORMITY', 'AuditFinding', finding.id],
      ]);
      const nc = (
        await run(
          'raise',
          {
            cycleId: cycle.id,
            source: 'AUDIT_FINDING',
            findingId: finding.id,
            description: 'AI policy missing',
          },
          officer,
        )
      ).nonconformity;
      expect(nc).toMatchObject({
        severity: 'MAJOR',
        status: 'OPEN',
        requirementUrns: [REQ('5.2'), REQ('a.2.2')],
      });
      expect(unmetOf(await advance(cycle.id, officer))).toEqual([
        ['MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION', 'Nonconformity', nc.id],
      ]);
      const action = (
        await run(
          'addAction',
          { nonconformityId: nc.id, description: 'Draft and approve the policy', dueAt: at(60) },
          officer,
        )
      ).correctiveAction;

      const closing = (await gqlOk<any>(t.http, officer, Q.advance, { input: { cycleId: cycle.id } }))
        .advanceCycle;
      expect(closing.cycle).toMatchObject({ phase: 'CLOSED', closedAt: clock.now().toISOString() });
      expect(closing.cycle.transitions.map((tr: any) => `${tr.from}→${tr.to}`)).toEqual([
        'PLAN→DO',
        'DO→CHECK',
        'CHECK→ACT',
        'ACT→CLOSED',
      ]);
      const next = closing.nextCycle;
      expect(next).toMatchObject({
        sequence: 2,
        name: 'FY2027',
        phase: 'PLAN',
        periodStart: '2027-01-01T00:00:00.000Z',
        periodEnd: '2028-01-01T00:00:00.000Z',
        aiSystemIds: [system.id],
        previousCycleId: cycle.id,
        soaCompleteness: { total: 38, decided: 0, awaitingConfirmation: 38, complete: false },
      });

      // What the next cycle inherited.
      const inherited = await readCycle(next.id, officer);
      expect(inherited.previousCycle).toEqual({ id: cycle.id, phase: 'CLOSED' });
      expect(inherited.checklist.every((i: any) => i.status === 'NOT_STARTED')).toBe(true);
      expect(inherited.soa.every((e: any) => e.carriedOver && e.carriedFromId)).toBe(true);
      expect(inherited.nonconformities).toEqual([
        expect.objectContaining({
          carriedFromId: nc.id,
          carriedFrom: { id: nc.id, status: 'CARRIED_FORWARD', cycleId: cycle.id },
          severity: 'MAJOR',
          status: 'OPEN',
          finding: { id: finding.id, type: 'MAJOR_NONCONFORMITY' },
          correctiveActions: [
            expect.objectContaining({
              carriedFromId: action.id,
              status: 'OPEN',
              description: action.description,
            }),
          ],
        }),
      ]);
      expect((await gqlOk<any>(t.http, officer, Q.current)).currentCycle).toMatchObject({ id: next.id });
      // Events of one transaction share their creation time: compare them as a set.
      expect((await events(org.organisationId, 'cycle.')).map((e) => e.type).sort()).toEqual([
        'cycle.closed',
        'cycle.phase_changed',
        'cycle.phase_changed',
        'cycle.phase_changed',
        'cycle.phase_changed',
      ]);
      expect((await events(org.organisationId, 'nonconformity.')).map((e) => e.payload)).toEqual([
        expect.objectContaining({ nonconformityId: nc.id, severity: 'MAJOR', findingId: finding.id }),
      ]);
    });
  });

  /** A fresh organisation with a member of every role. */
  const setup = async (name: string) => {
    const org = await createOrg(t.http, name);
    const tokens = await tokensByRole(t.http, org);
    return { org, tokens, officer: tokens[Role.COMPLIANCE_OFFICER] };
  };

  describe('starting a cycle', () => {
    it('generates the clause checklist (4–10 with phases) and an undecided SoA of the 38 Annex A controls', async () => {
      const { org, officer, tokens } = await setup('Start org');
      const system = await createSystem(officer);
      const cycle = await newCycle(officer, {
        aiSystemIds: [system.id],
        scopeStatement: ' Lending unit, Paris ',
      });
      expect(cycle).toMatchObject({
        sequence: 1,
        name: 'AIMS 2026',
        phase: 'PLAN',
        scopeStatement: 'Lending unit, Paris',
        aiSystems: [{ id: system.id, name: system.name }],
        phaseChangedAt: clock.now().toISOString(),
        closedAt: null,
        previousCycleId: null,
        transitions: [],
        soaCompleteness: { total: 38, decided: 0, awaitingConfirmation: 0, percent: 0, complete: false },
      });
      const full = await readCycle(cycle.id, tokens[Role.VIEWER]);
      const byPhase = (phase: string) => full.checklist.filter((i: any) => i.phase === phase).length;
      expect(full.checklist).toHaveLength(43);
      expect([byPhase('PLAN'), byPhase('DO'), byPhase('CHECK'), byPhase('ACT')]).toEqual([17, 14, 9, 3]);
      expect(full.checklist.slice(0, 3).map((i: any) => i.refId)).toEqual(['4', '4.1', '4.2']);
      expect(full.checklist.find((i: any) => i.refId === '9.3.2')).toMatchObject({
        requirementUrn: REQ('9.3.2'),
        phase: 'CHECK',
        status: 'NOT_STARTED',
        ownerId: null,
      });
      expect(full.soa).toHaveLength(38);
      expect(
        full.soa.every((e: any) => e.origin === 'ANNEX_A' && e.applicable === null && !e.carriedOver),
      ).toBe(true);
      expect([full.soa[0].refId, full.soa[37].refId]).toEqual(['A.2.2', 'A.10.4']);
      expect(full.gate).toMatchObject({ from: 'PLAN', to: 'DO', met: false });

      expect((await gqlOk<any>(t.http, tokens[Role.AUDITOR], Q.current)).currentCycle).toEqual({
        id: cycle.id,
        name: 'AIMS 2026',
        phase: 'PLAN',
      });
      const list = (await gqlOk<any>(t.http, tokens[Role.VIEWER], Q.list, {})).cycles;
      expect(list).toMatchObject({ totalCount: 1, edges: [{ node: { id: cycle.id, sequence: 1 } }] });
      const [created] = await auditEvents(org.organisationId, 'cycle.created');
      expect(created).toMatchObject({ entity_type: 'Cycle', entity_id: cycle.id });
      expect(created.changes).toMatchObject({
        phase: { from: null, to: 'PLAN' },
        checklistItems: { to: 43 },
        soaEntries: { to: 38 },
      });
    });

    it('allows one open cycle per organisation, in the service and in the database', async () => {
      const { org, officer } = await setup('One open org');
      const first = await newCycle(officer);
      const before = await footprint(org.organisationId);
      const res = await gql(t.http, officer, Q.create, {
        input: { name: 'Second', periodStart: at(0), periodEnd: at(30) },
      });
      expect(errorCode(res)).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
      await expect(
        sql(
          `INSERT INTO cycle (organisation_id, sequence, name, period_start, period_end, phase, phase_changed_at)
           VALUES ($1, 2, 'Raced', now(), now() + interval '1 day', 'DO', now())`,
          [org.organisationId],
        ),
      ).rejects.toThrow(/cycle_one_open_per_organisation/);
      expect((await gqlOk<any>(t.http, officer, Q.current)).currentCycle.id).toBe(first.id);
    });

    it('pages cycles newest first', async () => {
      const { org, tokens } = await setup('Paging org');
      const owner = org.ownerToken;
      const first = await newCycle(owner, { name: 'Cycle 1', scopeStatement: 'All' });
      for (let i = 0; i < 4; i++) await advance(first.id, owner, { reason: 'paging test' });
      const second = (await gqlOk<any>(t.http, owner, Q.current)).currentCycle;
      expect(second.name).toBe('Cycle 2');
      const page1 = (await gqlOk<any>(t.http, tokens[Role.VIEWER], Q.list, { first: 1 })).cycles;
      expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      expect(page1.edges[0].node).toMatchObject({ id: second.id, sequence: 2, phase: 'PLAN' });
      const page2 = (
        await gqlOk<any>(t.http, tokens[Role.VIEWER], Q.list, { first: 1, after: page1.pageInfo.endCursor })
      ).cycles;
      expect(page2).toMatchObject({
        pageInfo: { hasNextPage: false },
        edges: [{ node: { id: first.id, phase: 'CLOSED' } }],
      });
    });
  });

  describe('phase gates', () => {
    it('PLAN → DO: scope by statement alone, Plan clauses implemented, and implementation status of applicable controls', async () => {
      const { officer } = await setup('Plan gate org');
      const cycle = await newCycle(officer, {
        scopeStatement: 'Group-wide AIMS; no AI system in production yet',
      });
      const items = await setItems(cycle.id, officer, 'PLAN', 'IMPLEMENTED');
      await run('updateItem', { id: items[0].id, status: 'IN_PROGRESS' }, officer);
      const soa = await decideSoA(cycle.id, officer);
      await run(
        'setEntry',
        { entryId: soa[0].id, applicable: true, justification: 'Policy needed' },
        officer,
      );
      expect(unmetOf(await advance(cycle.id, officer))).toEqual([
        ['PLAN_CLAUSE_OPEN', 'ChecklistItem', items[0].id],
        ['SOA_IMPLEMENTATION_STATUS_MISSING', 'SoAEntry', soa[0].id],
      ]);
      expect((await readCycle(cycle.id, officer)).soaCompleteness).toMatchObject({
        decided: 37,
        complete: false,
      });
      await run('updateItem', { id: items[0].id, status: 'IMPLEMENTED' }, officer);
      await run(
        'setEntry',
        {
          entryId: soa[0].id,
          applicable: true,
          justification: 'Policy needed',
          implementationStatus: 'NOT_STARTED',
        },
        officer,
      );
      const preview = (await gqlOk<any>(t.http, officer, Q.gate, { id: cycle.id })).cycle.gate;
      expect(preview).toEqual({ from: 'PLAN', to: 'DO', met: true, unmet: [] });
      expect((await advance(cycle.id, officer)).data.advanceCycle).toMatchObject({
        cycle: { phase: 'DO' },
        gate: { met: true },
      });
    });

    it('DO → CHECK: counts risks of in-scope systems and organisation-level risks, not those of other systems', async () => {
      const { officer, org } = await setup('Do gate org');
      const [inScope, outOfScope] = [await createSystem(officer, 'In'), await createSystem(officer, 'Out')];
      const cycle = await newCycle(officer, { aiSystemIds: [inScope.id] });
      await readyForDo(cycle.id, officer, [inScope.id]);
      await advance(cycle.id, officer);
      await setItems(cycle.id, officer, 'DO', 'IMPLEMENTED');
      const systemRisk = await evaluatedRisk(officer, [inScope.id], 5, 'System risk');
      const orgRisk = await evaluatedRisk(officer, [], 4, 'Organisation risk');
      await evaluatedRisk(officer, [outOfScope.id], 5, 'Elsewhere');
      await evaluatedRisk(officer, [inScope.id], 2, 'Within appetite');
      expect(unmetOf(await advance(cycle.id, officer))).toEqual([
        ['RISK_ABOVE_APPETITE_UNTREATED', 'Risk', systemRisk],
        ['RISK_ABOVE_APPETITE_UNTREATED', 'Risk', orgRisk],
      ]);
      await treat(systemRisk, officer);
      await run(
        'acceptRisk',
        { riskId: orgRisk, rationale: 'Insured', acceptedUntil: at(90), overrideReason: 'Board decision' },
        org.ownerToken,
      );
      expect((await advance(cycle.id, officer)).data.advanceCycle.cycle.phase).toBe('CHECK');
    });

    it('previews any gate, and refuses to move a closed cycle', async () => {
      const { org, officer } = await setup('Preview org');
      const cycle = await newCycle(officer, { scopeStatement: 'All' });
      const preview = (await gqlOk<any>(t.http, officer, Q.gate, { id: cycle.id, to: 'ACT' })).cycle.gate;
      expect(preview).toMatchObject({ from: 'PLAN', to: 'ACT', met: false });
      expect(preview.unmet.map((u: any) => u.code)).toEqual([
        'NOT_NEXT_PHASE',
        'INTERNAL_AUDIT_MISSING',
        'MANAGEMENT_REVIEW_MISSING',
      ]);
      for (let i = 0; i < 4; i++) await advance(cycle.id, org.ownerToken, { reason: 'skip' });
      const closed = await readCycle(cycle.id, officer);
      expect(closed.gate).toMatchObject({
        from: 'CLOSED',
        to: null,
        met: false,
        unmet: [{ code: 'CYCLE_CLOSED' }],
      });
      const before = await footprint(org.organisationId);
      expect(errorCode(await advance(cycle.id, officer))).toBe('CONFLICT');
      expect(errorCode(await advance(cycle.id, org.ownerToken, { reason: 'again' }))).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });

  describe('overriding a gate', () => {
    it('is refused to COMPLIANCE_OFFICER, AUDITOR and VIEWER, writing nothing', async () => {
      const { org, tokens } = await setup('Override refused org');
      const cycle = await newCycle(org.ownerToken);
      const before = await footprint(org.organisationId);
      for (const role of [Role.COMPLIANCE_OFFICER, Role.AUDITOR, Role.VIEWER]) {
        expect(errorCode(await advance(cycle.id, tokens[role], { reason: 'please' }))).toBe('FORBIDDEN');
      }
      expect(await footprint(org.organisationId)).toEqual(before);
    });

    it.each([Role.OWNER, Role.ADMIN])(
      'lets %s move past an unmet gate with a reason, kept in the audit trail',
      async (role) => {
        const { org, tokens } = await setup(`Override ${role} org`);
        const cycle = await newCycle(tokens[role]);
        const reason = 'Certification audit booked; SoA finalised next week';
        const moved = (
          await gqlOk<any>(t.http, tokens[role], Q.advance, {
            input: { cycleId: cycle.id, override: { reason } },
          })
        ).advanceCycle;
        expect(moved).toMatchObject({ overridden: true, cycle: { phase: 'DO' }, gate: { met: false } });
        const unmet = moved.gate.unmet.map((u: any) => u.code);
        expect(unmet).toEqual(
          expect.arrayContaining(['SCOPE_UNDEFINED', 'PLAN_CLAUSE_OPEN', 'SOA_ENTRY_UNDECIDED']),
        );
        expect(moved.cycle.transitions).toEqual([
          expect.objectContaining({ from: 'PLAN', to: 'DO', overridden: true, overrideReason: reason }),
        ]);
        expect(moved.cycle.transitions[0].overriddenCriteria).toHaveLength(moved.gate.unmet.length);
        const [audit] = await auditEvents(org.organisationId, 'cycle.phase_changed');
        expect(audit).toMatchObject({ entity_type: 'Cycle', entity_id: cycle.id });
        expect(audit.changes).toMatchObject({
          phase: { from: 'PLAN', to: 'DO' },
          override: {
            reason,
            unmet: expect.arrayContaining([expect.objectContaining({ code: 'SCOPE_UNDEFINED' })]),
          },
        });
        expect((await events(org.organisationId, 'cycle.')).map((e) => e.payload)).toEqual([
          { cycleId: cycle.id, name: cycle.name, from: 'PLAN', to: 'DO', overridden: true },
        ]);
      },
    );

    it('is not recorded as an override when the gate holds', async () => {
      const { org } = await setup('Override unneeded org');
      const cycle = await newCycle(org.ownerToken, { scopeStatement: 'All' });
      await readyForDo(cycle.id, org.ownerToken, []);
      const moved = (
        await gqlOk<any>(t.http, org.ownerToken, Q.advance, {
          input: { cycleId: cycle.id, override: { reason: 'x' } },
        })
      ).advanceCycle;
      expect(moved).toMatchObject({ overridden: false, gate: { met: true }, cycle: { phase: 'DO' } });
      const [audit] = await auditEvents(org.organisationId, 'cycle.phase_changed');
      expect(audit.changes.override).toBeUndefined();
    });
  });

  describe('closing a cycle', () => {
    it('carries the SoA as a draft, open nonconformities and actions, and accepted risks, each linked to its origin', async () => {
      const { org, officer } = await setup('Carry-over org');
      const owner = org.ownerToken;
      const system = await createSystem(officer);
      const cycle = await newCycle(officer, {
        name: 'AIMS 2026 H1',
        aiSystemIds: [system.id],
        periodEnd: '2026-07-01T00:00:00.000Z',
      });
      const risk = await evaluatedRisk(officer, [system.id], 2, 'Accepted risk');
      await run('acceptRisk', { riskId: risk, rationale: 'Low', acceptedUntil: at(200) }, owner);
      const treated = await evaluatedRisk(officer, [system.id], 5, 'Treated risk');
      await treat(treated, officer);

      const soa = await decideSoA(cycle.id, officer);
      const policy = soa.find((e) => e.refId === 'A.2.2') as { id: string };
      await run(
        'setEntry',
        {
          entryId: policy.id,
          applicable: true,
          justification: 'Core',
          implementationStatus: 'IN_PROGRESS',
          linkedRiskIds: [treated],
        },
        officer,
      );
      const added = (
        await run(
          'addControl',
          { cycleId: cycle.id, controlUrn: 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1' },
          officer,
        )
      ).soaEntry;

      const auditId = await completedAuditAndReview(cycle.id, officer);
      const audit = (await readCycle(cycle.id, officer)).audits[0];
      expect(audit.id).toBe(auditId);
      const raise = async (severity: string, description: string) =>
        (
          await run(
            'raise',
            { cycleId: cycle.id, source: 'INCIDENT', severity, description, reference: 'INC-1' },
            officer,
          )
        ).nonconformity;
      const open = await raise('MAJOR', 'Model drift not detected');
      const openAction = (
        await run(
          'addAction',
          { nonconformityId: open.id, description: 'Add drift alerts', dueAt: at(30) },
          officer,
        )
      ).correctiveAction;
      const doneAction = (
        await run('addAction', { nonconformityId: open.id, description: 'Retrain', dueAt: at(10) }, officer)
      ).correctiveAction;
      await run('completeAction', { correctiveActionId: doneAction.id, effective: true }, officer);
      const closedNc = await raise('MINOR', 'Missing log entry');
      const closer = (
        await run(
          'addAction',
          { nonconformityId: closedNc.id, description: 'Fix logging', dueAt: at(5) },
          officer,
        )
      ).correctiveAction;
      await run('completeAction', { correctiveActionId: closer.id, effective: true }, officer);
      const failed = await raise('MINOR', 'Training records incomplete');
      const failedAction = (
        await run(
          'addAction',
          { nonconformityId: failed.id, description: 'Remind staff', dueAt: at(5) },
          officer,
        )
      ).correctiveAction;
      await run(
        'completeAction',
        { correctiveActionId: failedAction.id, effective: false, notes: 'Still missing' },
        officer,
      );

      for (let i = 0; i < 3; i++) await advance(cycle.id, owner, { reason: 'to ACT' });
      const closing = (await gqlOk<any>(t.http, officer, Q.advance, { input: { cycleId: cycle.id } }))
        .advanceCycle;
      expect(closing).toMatchObject({ overridden: false, cycle: { phase: 'CLOSED' } });
      const next = closing.nextCycle;
      expect(next).toMatchObject({
        name: 'AIMS 2026 H2',
        sequence: 2,
        periodStart: '2026-07-01T00:00:00.000Z',
        periodEnd: '2026-12-29T00:00:00.000Z',
        aiSystemIds: [system.id],
        previousCycleId: cycle.id,
        soaCompleteness: { total: 39, decided: 0, awaitingConfirmation: 38 },
      });

      const inherited = await readCycle(next.id, officer);
      const oldSoA = (await readCycle(cycle.id, officer)).soa;
      expect(
        inherited.soa.map((e: any) => [e.controlUrn, e.applicable, e.justification, e.implementationStatus]),
      ).toEqual(
        oldSoA.map((e: any) => [e.controlUrn, e.applicable, e.justification, e.implementationStatus]),
      );
      expect(inherited.soa.map((e: any) => e.carriedFromId)).toEqual(oldSoA.map((e: any) => e.id));
      const carriedPolicy = inherited.soa.find((e: any) => e.refId === 'A.2.2');
      expect(carriedPolicy).toMatchObject({ carriedOver: true, linkedRisks: [{ id: treated }] });
      expect(inherited.soa.find((e: any) => e.carriedFromId === added.id)).toMatchObject({
        origin: 'ADDED',
        applicable: null,
        carriedOver: false,
      });

      // Copies made in one transaction share their creation time: find each by its origin.
      const copyOf = (id: string) => inherited.nonconformities.find((n: any) => n.carriedFromId === id);
      expect(inherited.nonconformities).toHaveLength(2);
      expect(copyOf(open.id)).toMatchObject({
        description: 'Model drift not detected',
        status: 'OPEN',
        severity: 'MAJOR',
      });
      expect(copyOf(open.id).correctiveActions).toEqual([
        expect.objectContaining({
          carriedFromId: openAction.id,
          status: 'OPEN',
          dueAt: openAction.dueAt,
          cycleId: next.id,
        }),
      ]);
      expect(copyOf(failed.id)).toMatchObject({ description: 'Training records incomplete', status: 'OPEN' });
      expect(copyOf(failed.id).correctiveActions).toEqual([]);
      const old = (await readCycle(cycle.id, officer)).nonconformities;
      expect(old.map((n: any) => n.status)).toEqual(['CARRIED_FORWARD', 'CLOSED', 'CARRIED_FORWARD']);
      expect(old[0].correctiveActions.map((a: any) => a.status)).toEqual(['CARRIED_FORWARD', 'COMPLETED']);

      expect(inherited.carriedRisks).toEqual([
        {
          riskId: risk,
          originCycleId: cycle.id,
          acceptedUntil: at(200),
          carriedAt: expect.any(String),
          risk: { id: risk, status: 'ACCEPTED' },
          originCycle: { id: cycle.id, phase: 'CLOSED' },
        },
      ]);

      // The draft SoA must be confirmed before the next PLAN → DO.
      const gate = (await readCycle(next.id, officer)).gate;
      expect(gate.unmet.filter((u: any) => u.code === 'SOA_ENTRY_NOT_CONFIRMED')).toHaveLength(38);
      const confirmed = (
        await run(
          'setEntry',
          {
            cycleId: next.id,
            controlUrn: REQ('a.2.2'),
            applicable: true,
            justification: 'Core',
            implementationStatus: 'IMPLEMENTED',
          },
          officer,
        )
      ).soaEntry;
      expect(confirmed).toMatchObject({ id: carriedPolicy.id, carriedOver: false, linkedRiskIds: [treated] });
      expect(await auditEvents(org.organisationId, 'soa_entry.confirmed')).toHaveLength(1);
      const after = (await readCycle(next.id, officer)).gate.unmet.filter(
        (u: any) => u.code === 'SOA_ENTRY_NOT_CONFIRMED',
      );
      expect(after).toHaveLength(37);
      expect(after.map((u: any) => u.entityId)).not.toContain(confirmed.id);

      const [closedEvent] = (await events(org.organisationId, 'cycle.closed')).map((e) => e.payload);
      expect(closedEvent).toEqual({
        cycleId: cycle.id,
        name: 'AIMS 2026 H1',
        nextCycleId: next.id,
        nextCycleName: 'AIMS 2026 H2',
        carriedOver: { soaEntries: 39, nonconformities: 2, correctiveActions: 1, acceptedRisks: 1 },
      });
      const [closedAudit] = await auditEvents(org.organisationId, 'cycle.closed');
      expect(closedAudit).toMatchObject({ entity_id: cycle.id, changes: { nextCycleId: { to: next.id } } });
      const created = (await auditEvents(org.organisationId, 'cycle.created')).find(
        (a) => a.entity_id === next.id,
      );
      expect(created.changes.carriedOver).toEqual({
        soaEntries: 39,
        nonconformityIds: [copyOf(open.id).id, copyOf(failed.id).id],
        correctiveActionIds: [copyOf(open.id).correctiveActions[0].id],
        acceptedRiskIds: [risk],
      });

      // A closed cycle is history: its records no longer change.
      const closedItem = (await readCycle(cycle.id, officer)).checklist[0];
      const before = await footprint(org.organisationId);
      const refused = [
        gql(t.http, officer, Q.updateItem, { input: { id: closedItem.id, status: 'IMPLEMENTED' } }),
        gql(t.http, officer, Q.setEntry, {
          input: { entryId: policy.id, applicable: false, justification: 'x' },
        }),
        gql(t.http, officer, Q.addControl, { input: { cycleId: cycle.id, controlUrn: REQ('6.1.3') } }),
        gql(t.http, officer, Q.update, { input: { id: cycle.id, name: 'Renamed' } }),
        gql(t.http, officer, Q.createAudit, {
          input: { cycleId: cycle.id, scope: 'x', plannedStartAt: at(0) },
        }),
        gql(t.http, officer, Q.addFinding, {
          input: { auditId, type: 'OBSERVATION', requirementUrns: [REQ('7.2')], description: 'late' },
        }),
        gql(t.http, officer, Q.raise, {
          input: { cycleId: cycle.id, source: 'OTHER', severity: 'MINOR', description: 'x' },
        }),
        gql(t.http, officer, Q.addAction, {
          input: { nonconformityId: open.id, description: 'x', dueAt: at(1) },
        }),
        gql(t.http, officer, Q.review, {
          input: { cycleId: cycle.id, heldAt: at(0), attendees: ['x'], inputs: [] },
        }),
        gql(t.http, officer, Q.create, { input: { name: 'Parallel', periodStart: at(0), periodEnd: at(9) } }),
      ];
      for (const res of await Promise.all(refused)) expect(errorCode(res)).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });

  describe('records of a cycle', () => {
    let org: TestOrg;
    let tokens: Record<Role, string>;
    let officer: string;
    let officerId: string;
    let cycle: any;
    beforeAll(async () => {
      ({ org, tokens, officer } = await setup('Records org'));
      officerId = (await gqlOk<any>(t.http, officer, '{ me { user { id } } }')).me.user.id;
      cycle = await newCycle(officer, { scopeStatement: 'All' });
    });
    const item = async (refId: string) =>
      (await readCycle(cycle.id, officer)).checklist.find((i: any) => i.refId === refId);
    const entry = async (refId: string) =>
      (await readCycle(cycle.id, officer)).soa.find((e: any) => e.refId === refId);
    const newAudit = async (token = officer, input: Record<string, unknown> = {}) =>
      (
        await run(
          'createAudit',
          { cycleId: cycle.id, scope: 'Clause 8', plannedStartAt: at(1), ...input },
          token,
        )
      ).audit;
    const newFinding = async (auditId: string, type: string, token = officer) =>
      (
        await run(
          'addFinding',
          { auditId, type, requirementUrns: [REQ('8.2')], description: `${type} on 8.2` },
          token,
        )
      ).finding;
    const incident = async (severity = 'MAJOR') =>
      (
        await run(
          'raise',
          { cycleId: cycle.id, source: 'INCIDENT', severity, description: 'Outage' },
          officer,
        )
      ).nonconformity;

    it('updates a checklist item’s status, owner and notes, audited field by field', async () => {
      const target = await item('6.1.2');
      const updated = (
        await run(
          'updateItem',
          { id: target.id, status: 'IN_PROGRESS', ownerId: officerId, notes: ' Draft ready ' },
          officer,
        )
      ).checklistItem;
      expect(updated).toMatchObject({
        status: 'IN_PROGRESS',
        ownerId: officerId,
        owner: { id: officerId },
        notes: 'Draft ready',
        statusChangedAt: clock.now().toISOString(),
      });
      const cleared = (await run('updateItem', { id: target.id, ownerId: null, notes: null }, officer))
        .checklistItem;
      expect(cleared).toMatchObject({ status: 'IN_PROGRESS', ownerId: null, owner: null, notes: null });
      const audits = (await auditEvents(org.organisationId, 'checklist_item.updated')).filter(
        (a) => a.entity_id === target.id,
      );
      expect(audits.map((a) => a.changes)).toEqual([
        {
          status: { from: 'NOT_STARTED', to: 'IN_PROGRESS' },
          ownerId: { from: null, to: officerId },
          notes: { from: null, to: 'Draft ready' },
          clause: '6.1.2',
          cycleId: cycle.id,
        },
        {
          ownerId: { from: officerId, to: null },
          notes: { from: 'Draft ready', to: null },
          clause: '6.1.2',
          cycleId: cycle.id,
        },
      ]);
    });

    it('decides SoA entries by id or by control URN, with a justification either way and linked risks', async () => {
      const risk = await evaluatedRisk(officer, [], 3, 'Linked');
      const byId = (
        await run(
          'setEntry',
          {
            entryId: (await entry('A.6.2.4')).id,
            applicable: true,
            justification: 'We build models',
            implementationStatus: 'IN_PROGRESS',
            linkedRiskIds: [risk, risk],
          },
          officer,
        )
      ).soaEntry;
      expect(byId).toMatchObject({
        applicable: true,
        implementationStatus: 'IN_PROGRESS',
        linkedRiskIds: [risk],
        linkedRisks: [{ id: risk, title: 'Linked' }],
        decidedAt: clock.now().toISOString(),
        decidedById: officerId,
      });
      const byUrn = (
        await run(
          'setEntry',
          { cycleId: cycle.id, controlUrn: REQ('a.10.3'), applicable: false, justification: 'No suppliers' },
          officer,
        )
      ).soaEntry;
      expect(byUrn).toMatchObject({
        refId: 'A.10.3',
        applicable: false,
        implementationStatus: null,
        justification: 'No suppliers',
      });
      expect((await readCycle(cycle.id, officer)).soaCompleteness).toMatchObject({
        decided: 2,
        applicable: 1,
        notApplicable: 1,
        percent: 5,
      });
      const [decided] = (await auditEvents(org.organisationId, 'soa_entry.decided')).filter(
        (a) => a.entity_id === byId.id,
      );
      expect(decided.changes).toMatchObject({
        applicable: { from: null, to: true },
        justification: { from: null, to: 'We build models' },
        linkedRiskIds: { from: [], to: [risk] },
        control: 'A.6.2.4',
      });
    });

    it('adds controls beyond Annex A after the Annex A entries, once each', async () => {
      const urn = 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1';
      const added = (await run('addControl', { cycleId: cycle.id, controlUrn: urn }, officer)).soaEntry;
      expect(added).toMatchObject({
        origin: 'ADDED',
        refId: 'GOVERN 1.1',
        applicable: null,
        carriedOver: false,
      });
      const soa = (await readCycle(cycle.id, officer)).soa;
      expect(soa).toHaveLength(39);
      expect(soa[38].id).toBe(added.id);
      expect((await readCycle(cycle.id, officer)).gate.unmet).toContainEqual(
        expect.objectContaining({ code: 'SOA_ENTRY_UNDECIDED', entityId: added.id }),
      );
      const before = await footprint(org.organisationId);
      expect(
        errorCode(
          await gql(t.http, officer, Q.addControl, { input: { cycleId: cycle.id, controlUrn: urn } }),
        ),
      ).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
    });

    it('plans, runs and completes an internal audit; the lead auditor defaults to the caller', async () => {
      const auditor = await addMember(t.http, org, Role.AUDITOR);
      const audit = await newAudit(auditor.token, { plannedEndAt: at(3) });
      expect(audit).toMatchObject({
        status: 'PLANNED',
        leadAuditorId: auditor.userId,
        leadAuditor: { id: auditor.userId },
        plannedStartAt: at(1),
        plannedEndAt: at(3),
        title: expect.stringMatching(/^Internal audit \d+$/),
      });
      const named = await newAudit(officer, { title: 'Supplier audit', leadAuditorId: auditor.userId });
      expect(named).toMatchObject({ title: 'Supplier audit', leadAuditorId: auditor.userId });

      const { finding, audit: started } = await run(
        'addFinding',
        {
          auditId: audit.id,
          type: 'OPPORTUNITY',
          requirementUrns: [REQ('7.2'), 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1'],
          description: 'Share training material across teams',
        },
        auditor.token,
      );
      expect(started.status).toBe('IN_PROGRESS');
      expect(finding).toMatchObject({
        type: 'OPPORTUNITY',
        recordedByType: 'USER',
        recordedById: auditor.userId,
        cycleId: cycle.id,
        nonconformity: null,
      });
      const completed = (
        await run('completeAudit', { auditId: audit.id, conclusion: 'Sound, one opportunity' }, auditor.token)
      ).audit;
      // Planned to start tomorrow but completed today: it ran today.
      expect(completed).toMatchObject({
        status: 'COMPLETED',
        performedStartAt: clock.now().toISOString(),
        performedEndAt: clock.now().toISOString(),
        completedAt: clock.now().toISOString(),
        conclusion: 'Sound, one opportunity',
      });
      const before = await footprint(org.organisationId);
      expect(
        errorCode(await gql(t.http, auditor.token, Q.completeAudit, { input: { auditId: audit.id } })),
      ).toBe('CONFLICT');
      const late = await gql(t.http, auditor.token, Q.addFinding, {
        input: { auditId: audit.id, type: 'OBSERVATION', requirementUrns: [REQ('7.2')], description: 'late' },
      });
      expect(errorCode(late)).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
      const read = (await readCycle(cycle.id, auditor.token)).audits.find((a: any) => a.id === audit.id);
      expect(read.findings.map((f: any) => f.id)).toEqual([finding.id]);
    });

    it('raises a nonconformity from a finding, taking its severity and requirements, once', async () => {
      const audit = await newAudit();
      const minor = await newFinding(audit.id, 'MINOR_NONCONFORMITY');
      const nc = (
        await run(
          'raise',
          { cycleId: cycle.id, source: 'AUDIT_FINDING', findingId: minor.id, description: 'Gap in 8.2' },
          officer,
        )
      ).nonconformity;
      expect(nc).toMatchObject({
        source: 'AUDIT_FINDING',
        findingId: minor.id,
        finding: { id: minor.id, type: 'MINOR_NONCONFORMITY' },
        severity: 'MINOR',
        requirementUrns: [REQ('8.2')],
        status: 'OPEN',
        raisedByType: 'USER',
        raisedById: officerId,
      });
      const read = (await readCycle(cycle.id, officer)).audits.find((a: any) => a.id === audit.id);
      expect(read.findings[0].nonconformity).toEqual({ id: nc.id });
      const before = await footprint(org.organisationId);
      const again = await gql(t.http, officer, Q.raise, {
        input: { cycleId: cycle.id, source: 'AUDIT_FINDING', findingId: minor.id, description: 'twice' },
      });
      expect(errorCode(again)).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
      const [event] = (await events(org.organisationId, 'nonconformity.raised')).filter(
        (e) => e.payload.nonconformityId === nc.id,
      );
      expect(event.payload).toEqual({
        nonconformityId: nc.id,
        cycleId: cycle.id,
        source: 'AUDIT_FINDING',
        severity: 'MINOR',
        findingId: minor.id,
        description: 'Gap in 8.2',
      });
    });

    it('raises nonconformities from an incident or a management review, and records their root cause', async () => {
      const fromIncident = (
        await run(
          'raise',
          {
            cycleId: cycle.id,
            source: 'INCIDENT',
            severity: 'MAJOR',
            description: 'Chatbot leaked data',
            reference: 'INC-42',
          },
          officer,
        )
      ).nonconformity;
      expect(fromIncident).toMatchObject({
        source: 'INCIDENT',
        reference: 'INC-42',
        findingId: null,
        rootCause: null,
      });
      const review = (
        await run('review', { cycleId: cycle.id, heldAt: at(0), attendees: ['Board'], inputs: [] }, officer)
      ).managementReview;
      const fromReview = (
        await run(
          'raise',
          {
            cycleId: cycle.id,
            source: 'MANAGEMENT_REVIEW',
            managementReviewId: review.id,
            severity: 'MINOR',
            description: 'Objectives unmeasured',
          },
          officer,
        )
      ).nonconformity;
      expect(fromReview).toMatchObject({ managementReviewId: review.id, severity: 'MINOR' });
      const updated = (await run('updateNc', { id: fromIncident.id, rootCause: 'No output filter' }, officer))
        .nonconformity;
      expect(updated.rootCause).toBe('No output filter');
      const [audit] = (await auditEvents(org.organisationId, 'nonconformity.updated')).filter(
        (a) => a.entity_id === fromIncident.id,
      );
      expect(audit.changes).toEqual({ rootCause: { from: null, to: 'No output filter' } });
    });

    it('keeps a nonconformity open until a corrective action is verified effective and none is open', async () => {
      const nc = await incident();
      const first = (
        await run('addAction', { nonconformityId: nc.id, description: 'Patch', dueAt: at(-1) }, officer)
      ).correctiveAction;
      expect(first).toMatchObject({
        ownerId: officerId,
        owner: { id: officerId },
        status: 'OPEN',
        overdue: true,
      });
      const second = (
        await run(
          'addAction',
          { nonconformityId: nc.id, description: 'Retrain staff', dueAt: at(30) },
          officer,
        )
      ).correctiveAction;
      expect(second.overdue).toBe(false);

      const ineffective = await run(
        'completeAction',
        { correctiveActionId: first.id, effective: false, notes: 'Recurred' },
        officer,
      );
      expect(ineffective).toMatchObject({
        correctiveAction: {
          status: 'COMPLETED',
          effective: false,
          effectivenessNotes: 'Recurred',
          overdue: false,
          verifiedById: officerId,
        },
        nonconformity: { status: 'OPEN', closedAt: null },
      });
      const third = (
        await run(
          'addAction',
          { nonconformityId: nc.id, description: 'Add a filter', dueAt: at(10) },
          officer,
        )
      ).correctiveAction;
      const stillOpen = await run(
        'completeAction',
        { correctiveActionId: third.id, effective: true },
        officer,
      );
      expect(stillOpen.nonconformity.status).toBe('OPEN');
      const closing = await run(
        'completeAction',
        { correctiveActionId: second.id, effective: true, notes: 'Checked in spot tests' },
        officer,
      );
      expect(closing.nonconformity).toMatchObject({ status: 'CLOSED', closedAt: clock.now().toISOString() });
      expect(
        (await auditEvents(org.organisationId, 'nonconformity.closed')).filter((a) => a.entity_id === nc.id),
      ).toHaveLength(1);

      const before = await footprint(org.organisationId);
      expect(
        errorCode(
          await gql(t.http, officer, Q.completeAction, {
            input: { correctiveActionId: second.id, effective: true },
          }),
        ),
      ).toBe('CONFLICT');
      expect(
        errorCode(
          await gql(t.http, officer, Q.addAction, {
            input: { nonconformityId: nc.id, description: 'x', dueAt: at(1) },
          }),
        ),
      ).toBe('CONFLICT');
      expect(
        errorCode(await gql(t.http, officer, Q.updateNc, { input: { id: nc.id, rootCause: 'x' } })),
      ).toBe('CONFLICT');
      expect(await footprint(org.organisationId)).toEqual(before);
    });

    it('records a management review against every 9.3.2 input, in the standard’s order', async () => {
      const review = (
        await run(
          'review',
          {
            cycleId: cycle.id,
            heldAt: at(-2),
            attendees: [' Chief executive ', 'AIMS manager'],
            inputs: [
              { topic: 'IMPROVEMENT_OPPORTUNITIES', covered: true, notes: 'Automate monitoring' },
              { topic: 'PREVIOUS_ACTIONS', covered: false, notes: 'First review' },
            ],
            decisions: ['Fund a monitoring tool'],
            actions: [
              { description: 'Select a tool', ownerId: officerId, dueAt: at(45) },
              { description: 'Report back' },
            ],
            summary: 'Annual review',
          },
          officer,
        )
      ).managementReview;
      expect(review).toMatchObject({
        heldAt: at(-2),
        attendees: ['Chief executive', 'AIMS manager'],
        decisions: ['Fund a monitoring tool'],
        actions: [
          { description: 'Select a tool', ownerId: officerId, dueAt: at(45) },
          { description: 'Report back', ownerId: null, dueAt: null },
        ],
        allInputsCovered: false,
        recordedById: officerId,
      });
      expect(review.inputs.map((i: any) => [i.topic, i.covered, i.notes])).toEqual([
        ['PREVIOUS_ACTIONS', false, 'First review'],
        ['CONTEXT_CHANGES', false, null],
        ['INTERESTED_PARTY_CHANGES', false, null],
        ['NONCONFORMITIES_AND_CORRECTIVE_ACTIONS', false, null],
        ['MONITORING_AND_MEASUREMENT', false, null],
        ['AUDIT_RESULTS', false, null],
        ['IMPROVEMENT_OPPORTUNITIES', true, 'Automate monitoring'],
      ]);
      expect(review.inputs[0].description).toMatch(/9\.3\.2 a/);
      const all = (
        await run(
          'review',
          {
            cycleId: cycle.id,
            heldAt: at(0),
            attendees: ['Board'],
            inputs: review.inputs.map((i: any) => ({ topic: i.topic, covered: true })),
          },
          officer,
        )
      ).managementReview;
      expect(all.allInputsCovered).toBe(true);
    });

    describe('access', () => {
      const ALL = Object.values(Role);
      const GOVERN = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];
      const AUDIT = [...GOVERN, Role.AUDITOR];
      const missing = '00000000-0000-4000-8000-000000000000';
      const cases: [string, Role[], string, Record<string, unknown>][] = [
        ['cycles', ALL, Q.list, {}],
        ['cycle', ALL, Q.gate, { id: missing }],
        ['currentCycle', ALL, Q.current, {}],
        ['createCycle', GOVERN, Q.create, { input: { name: '', periodStart: at(0), periodEnd: at(1) } }],
        ['updateCycle', GOVERN, Q.update, { input: { id: missing } }],
        ['advanceCycle', GOVERN, Q.advance, { input: { cycleId: missing } }],
        ['updateChecklistItem', GOVERN, Q.updateItem, { input: { id: missing } }],
        [
          'setSoAEntry',
          GOVERN,
          Q.setEntry,
          { input: { entryId: missing, applicable: true, justification: 'x' } },
        ],
        ['addSoAControl', GOVERN, Q.addControl, { input: { cycleId: missing, controlUrn: REQ('6.1.3') } }],
        [
          'createInternalAudit',
          AUDIT,
          Q.createAudit,
          { input: { cycleId: missing, scope: 'x', plannedStartAt: at(0) } },
        ],
        [
          'addAuditFinding',
          AUDIT,
          Q.addFinding,
          {
            input: { auditId: missing, type: 'OBSERVATION', requirementUrns: [REQ('7.2')], description: 'x' },
          },
        ],
        ['completeInternalAudit', AUDIT, Q.completeAudit, { input: { auditId: missing } }],
        [
          'raiseNonconformity',
          GOVERN,
          Q.raise,
          { input: { cycleId: missing, source: 'OTHER', severity: 'MINOR', description: 'x' } },
        ],
        ['updateNonconformity', GOVERN, Q.updateNc, { input: { id: missing } }],
        [
          'addCorrectiveAction',
          GOVERN,
          Q.addAction,
          { input: { nonconformityId: missing, description: 'x', dueAt: at(1) } },
        ],
        [
          'completeCorrectiveAction',
          GOVERN,
          Q.completeAction,
          { input: { correctiveActionId: missing, effective: true } },
        ],
        [
          'recordManagementReview',
          GOVERN,
          Q.review,
          { input: { cycleId: missing, heldAt: at(0), attendees: ['x'], inputs: [] } },
        ],
      ];
      describe.each(cases)('%s', (_, allowed, query, variables) => {
        it.each(ALL)('%s', async (role) => {
          const res = await gql(t.http, tokens[role], query, variables);
          if (allowed.includes(role)) expect(errorCode(res)).not.toBe('FORBIDDEN');
          else expect(errorCode(res)).toBe('FORBIDDEN');
        });
      });

      it('lets AUDITOR record audit work on a real cycle, and VIEWER nothing', async () => {
        const audit = await newAudit(tokens[Role.AUDITOR]);
        const finding = await newFinding(audit.id, 'MAJOR_NONCONFORMITY', tokens[Role.AUDITOR]);
        expect(finding.recordedByType).toBe('USER');
        await run('completeAudit', { auditId: audit.id }, tokens[Role.AUDITOR]);
        const before = await footprint(org.organisationId);
        const viewerAudit = await gql(t.http, tokens[Role.VIEWER], Q.createAudit, {
          input: { cycleId: cycle.id, scope: 'x', plannedStartAt: at(0) },
        });
        expect(errorCode(viewerAudit)).toBe('FORBIDDEN');
        expect(await footprint(org.organisationId)).toEqual(before);
      });

      it('lets AUDITOR and VIEWER change no governance record of a real cycle', async () => {
        const target = await item('7.3');
        const soaEntry = await entry('A.3.2');
        const nc = await incident();
        const action = (
          await run('addAction', { nonconformityId: nc.id, description: 'x', dueAt: at(5) }, officer)
        ).correctiveAction;
        const before = await footprint(org.organisationId);
        for (const role of [Role.AUDITOR, Role.VIEWER]) {
          for (const [query, input] of [
            [Q.update, { id: cycle.id, name: 'x' }],
            [Q.advance, { cycleId: cycle.id }],
            [Q.updateItem, { id: target.id, status: 'IMPLEMENTED' }],
            [Q.setEntry, { entryId: soaEntry.id, applicable: false, justification: 'x' }],
            [Q.addControl, { cycleId: cycle.id, controlUrn: REQ('6.1.3') }],
            [Q.raise, { cycleId: cycle.id, source: 'OTHER', severity: 'MINOR', description: 'x' }],
            [Q.updateNc, { id: nc.id, rootCause: 'x' }],
            [Q.addAction, { nonconformityId: nc.id, description: 'x', dueAt: at(1) }],
            [Q.completeAction, { correctiveActionId: action.id, effective: true }],
            [Q.review, { cycleId: cycle.id, heldAt: at(0), attendees: ['x'], inputs: [] }],
            [Q.create, { name: 'x', periodStart: at(0), periodEnd: at(1) }],
          ] as const) {
            expect(errorCode(await gql(t.http, tokens[role], query, { input }))).toBe('FORBIDDEN');
          }
        }
        expect(await footprint(org.organisationId)).toEqual(before);
      });
    });

    describe('tenancy', () => {
      let other: TestOrg;
      let ids: Record<string, string>;
      beforeAll(async () => {
        other = await createOrg(t.http, 'Other tenant');
        await newCycle(other.ownerToken, { name: 'Their cycle', scopeStatement: 'All' });
        const audit = await newAudit();
        const finding = await newFinding(audit.id, 'MAJOR_NONCONFORMITY');
        const nc = (
          await run(
            'raise',
            { cycleId: cycle.id, source: 'AUDIT_FINDING', findingId: finding.id, description: 'x' },
            officer,
          )
        ).nonconformity;
        const action = (
          await run('addAction', { nonconformityId: nc.id, description: 'x', dueAt: at(5) }, officer)
        ).correctiveAction;
        const review = (
          await run('review', { cycleId: cycle.id, heldAt: at(0), attendees: ['x'], inputs: [] }, officer)
        ).managementReview;
        ids = {
          cycle: cycle.id,
          item: (await item('4.1')).id,
          entry: (await entry('A.2.3')).id,
          audit: audit.id,
          finding: finding.id,
          nc: nc.id,
          action: action.id,
          review: review.id,
          system: (await createSystem(officer, 'Foreign system')).id,
          risk: await evaluatedRisk(officer, [], 2, 'Foreign risk'),
        };
      });
      const as = (query: string, input: (id: string) => Record<string, unknown>) => (id: string) =>
        gql(t.http, other.ownerToken, query, { input: input(id) });
      const theirCycle = async () =>
        (await gqlOk<any>(t.http, other.ownerToken, Q.current)).currentCycle.id as string;

      it.each([
        ['cycle', 'cycle', (id: string) => gql(t.http, other.ownerToken, Q.gate, { id })],
        ['updateCycle', 'cycle', as(Q.update, (id) => ({ id, name: 'stolen' }))],
        ['advanceCycle', 'cycle', as(Q.advance, (cycleId) => ({ cycleId }))],
        [
          'advanceCycle with override',
          'cycle',
          as(Q.advance, (cycleId) => ({ cycleId, override: { reason: 'x' } })),
        ],
        ['updateChecklistItem', 'item', as(Q.updateItem, (id) => ({ id, status: 'IMPLEMENTED' }))],
        [
          'setSoAEntry by id',
          'entry',
          as(Q.setEntry, (entryId) => ({ entryId, applicable: false, justification: 'x' })),
        ],
        [
          'setSoAEntry by control',
          'cycle',
          as(Q.setEntry, (cycleId) => ({
            cycleId,
            controlUrn: REQ('a.2.3'),
            applicable: false,
            justification: 'x',
          })),
        ],
        ['addSoAControl', 'cycle', as(Q.addControl, (cycleId) => ({ cycleId, controlUrn: REQ('6.1.3') }))],
        [
          'createInternalAudit',
          'cycle',
          as(Q.createAudit, (cycleId) => ({ cycleId, scope: 'x', plannedStartAt: at(0) })),
        ],
        [
          'addAuditFinding',
          'audit',
          as(Q.addFinding, (auditId) => ({
            auditId,
            type: 'OBSERVATION',
            requirementUrns: [REQ('7.2')],
            description: 'x',
          })),
        ],
        ['completeInternalAudit', 'audit', as(Q.completeAudit, (auditId) => ({ auditId }))],
        [
          'raiseNonconformity',
          'cycle',
          as(Q.raise, (cycleId) => ({ cycleId, source: 'OTHER', severity: 'MINOR', description: 'x' })),
        ],
        ['updateNonconformity', 'nc', as(Q.updateNc, (id) => ({ id, rootCause: 'x' }))],
        [
          'addCorrectiveAction',
          'nc',
          as(Q.addAction, (nonconformityId) => ({ nonconformityId, description: 'x', dueAt: at(1) })),
        ],
        [
          'completeCorrectiveAction',
          'action',
          as(Q.completeAction, (correctiveActionId) => ({ correctiveActionId, effective: true })),
        ],
        [
          'recordManagementReview',
          'cycle',
          as(Q.review, (cycleId) => ({ cycleId, heldAt: at(0), attendees: ['x'], inputs: [] })),
        ],
      ] as const)('%s treats a foreign id as missing', async (_, key, runAs) => {
        const before = await footprint(other.organisationId);
        await expectForeignIdBehavesAsMissing(runAs, ids[key]);
        expect(await footprint(other.organisationId)).toEqual(before);
      });

      it.each([
        [
          'updateCycle: AI system',
          'system',
          async (id: string) => ({ id: await theirCycle(), aiSystemIds: [id] }),
          Q.update,
        ],
        [
          'setSoAEntry: linked risk',
          'risk',
          async (id: string) => ({
            cycleId: await theirCycle(),
            controlUrn: REQ('a.2.2'),
            applicable: true,
            justification: 'x',
            linkedRiskIds: [id],
          }),
          Q.setEntry,
        ],
        [
          'raiseNonconformity: finding',
          'finding',
          async (findingId: string) => ({
            cycleId: await theirCycle(),
            source: 'AUDIT_FINDING',
            findingId,
            description: 'x',
          }),
          Q.raise,
        ],
        [
          'raiseNonconformity: management review',
          'review',
          async (managementReviewId: string) => ({
            cycleId: await theirCycle(),
            source: 'MANAGEMENT_REVIEW',
            managementReviewId,
            severity: 'MINOR',
            description: 'x',
          }),
          Q.raise,
        ],
      ] as const)('%s of another organisation behaves as missing', async (_, key, input, query) => {
        const before = await footprint(other.organisationId);
        await expectForeignIdBehavesAsMissing(
          async (id) => gql(t.http, other.ownerToken, query, { input: await input(id) }),
          ids[key],
        );
        expect(await footprint(other.organisationId)).toEqual(before);
      });

      it('createCycle treats a foreign AI system as missing', async () => {
        const lonely = await createOrg(t.http, 'No cycle yet');
        await expectForeignIdBehavesAsMissing(
          (id) =>
            gql(t.http, lonely.ownerToken, Q.create, {
              input: { name: 'x', periodStart: at(0), periodEnd: at(1), aiSystemIds: [id] },
            }),
          ids.system,
        );
        expect((await footprint(lonely.organisationId)).cycle).toBe(0);
      });

      it('keeps foreign cycles out of lists', async () => {
        const theirs = (await gqlOk<any>(t.http, other.ownerToken, Q.list, {})).cycles;
        expect(theirs.totalCount).toBe(1);
        expect(theirs.edges[0].node.id).not.toBe(cycle.id);
        expect((await gqlOk<any>(t.http, other.ownerToken, Q.current)).currentCycle.name).toBe('Their cycle');
      });
    });

    describe('bad input writes nothing', () => {
      let ctx: Record<string, string>;
      beforeAll(async () => {
        const audit = await newAudit();
        const observation = await newFinding(audit.id, 'OBSERVATION');
        const major = await newFinding(audit.id, 'MAJOR_NONCONFORMITY');
        const nc = await incident('MINOR');
        ctx = {
          item: (await item('5.1')).id,
          entry: (await entry('A.4.2')).id,
          audit: audit.id,
          observation: observation.id,
          major: major.id,
          nc: nc.id,
          action: (
            await run('addAction', { nonconformityId: nc.id, description: 'x', dueAt: at(5) }, officer)
          ).correctiveAction.id,
        };
      });
      const stranger = randomUUID();
      const cases: [string, keyof typeof Q, () => Record<string, unknown>, string[]][] = [
        [
          'createCycle: blank name',
          'create',
          () => ({ name: ' ', periodStart: at(0), periodEnd: at(1) }),
          ['input.name'],
        ],
        [
          'createCycle: period ends first',
          'create',
          () => ({ name: 'x', periodStart: at(1), periodEnd: at(0) }),
          ['input.periodEnd'],
        ],
        [
          'createCycle: AI system id not a UUID',
          'create',
          () => ({ name: 'x', periodStart: at(0), periodEnd: at(1), aiSystemIds: ['nope'] }),
          ['input.aiSystemIds'],
        ],
        ['updateCycle: null name', 'update', () => ({ id: cycle.id, name: null }), ['input.name']],
        [
          'updateCycle: period ends first',
          'update',
          () => ({ id: cycle.id, periodEnd: '2025-01-01T00:00:00Z' }),
          ['input.periodEnd'],
        ],
        [
          'advanceCycle: blank override reason',
          'advance',
          () => ({ cycleId: cycle.id, override: { reason: ' ' } }),
          ['input.override.reason'],
        ],
        ['updateChecklistItem: unknown status', 'updateItem', () => ({ id: ctx.item, status: 'DONE' }), []],
        [
          'updateChecklistItem: non-member owner',
          'updateItem',
          () => ({ id: ctx.item, ownerId: stranger }),
          ['input.ownerId'],
        ],
        [
          'setSoAEntry: no justification',
          'setEntry',
          () => ({ entryId: ctx.entry, applicable: false, justification: '' }),
          ['input.justification'],
        ],
        [
          'setSoAEntry: status for an excluded control',
          'setEntry',
          () => ({
            entryId: ctx.entry,
            applicable: false,
            justification: 'x',
            implementationStatus: 'IMPLEMENTED',
          }),
          ['input.implementationStatus'],
        ],
        [
          'setSoAEntry: entry named twice',
          'setEntry',
          () => ({
            entryId: ctx.entry,
            cycleId: cycle.id,
            controlUrn: REQ('a.4.2'),
            applicable: true,
            justification: 'x',
          }),
          ['input.entryId'],
        ],
        [
          'setSoAEntry: entry not named',
          'setEntry',
          () => ({ applicable: true, justification: 'x' }),
          ['input.entryId'],
        ],
        [
          'setSoAEntry: control not in the SoA',
          'setEntry',
          () => ({ cycleId: cycle.id, controlUrn: REQ('6.1.3'), applicable: true, justification: 'x' }),
          ['input.controlUrn'],
        ],
        [
          'addSoAControl: control area',
          'addControl',
          () => ({ cycleId: cycle.id, controlUrn: REQ('a.6') }),
          ['input.controlUrn'],
        ],
        [
          'addSoAControl: unknown URN',
          'addControl',
          () => ({ cycleId: cycle.id, controlUrn: REQ('a.99') }),
          ['input.controlUrn'],
        ],
        [
          'createInternalAudit: blank scope',
          'createAudit',
          () => ({ cycleId: cycle.id, scope: '', plannedStartAt: at(0) }),
          ['input.scope'],
        ],
        [
          'createInternalAudit: ends before it starts',
          'createAudit',
          () => ({ cycleId: cycle.id, scope: 'x', plannedStartAt: at(2), plannedEndAt: at(1) }),
          ['input.plannedEndAt'],
        ],
        [
          'createInternalAudit: non-member lead auditor',
          'createAudit',
          () => ({ cycleId: cycle.id, scope: 'x', plannedStartAt: at(0), leadAuditorId: stranger }),
          ['input.leadAuditorId'],
        ],
        [
          'addAuditFinding: no requirement',
          'addFinding',
          () => ({ auditId: ctx.audit, type: 'OBSERVATION', requirementUrns: [], description: 'x' }),
          ['input.requirementUrns'],
        ],
        [
          'addAuditFinding: unknown requirement',
          'addFinding',
          () => ({
            auditId: ctx.audit,
            type: 'OBSERVATION',
            requirementUrns: [REQ('11.1')],
            description: 'x',
          }),
          ['input.requirementUrns'],
        ],
        [
          'addAuditFinding: blank description',
          'addFinding',
          () => ({
            auditId: ctx.audit,
            type: 'OBSERVATION',
            requirementUrns: [REQ('7.2')],
            description: ' ',
          }),
          ['input.description'],
        ],
        [
          'completeInternalAudit: performed end before start',
          'completeAudit',
          () => ({ auditId: ctx.audit, performedStartAt: at(-1), performedEndAt: at(-2) }),
          ['input.performedEndAt'],
        ],
        [
          'raiseNonconformity: finding missing for AUDIT_FINDING',
          'raise',
          () => ({ cycleId: cycle.id, source: 'AUDIT_FINDING', description: 'x' }),
          ['input.findingId'],
        ],
        [
          'raiseNonconformity: severity missing for an incident',
          'raise',
          () => ({ cycleId: cycle.id, source: 'INCIDENT', description: 'x' }),
          ['input.severity'],
        ],
        [
          'raiseNonconformity: finding given for an incident',
          'raise',
          () => ({
            cycleId: cycle.id,
            source: 'INCIDENT',
            severity: 'MINOR',
            findingId: ctx.major,
            description: 'x',
          }),
          ['input.findingId'],
        ],
        [
          'raiseNonconformity: review missing for MANAGEMENT_REVIEW',
          'raise',
          () => ({ cycleId: cycle.id, source: 'MANAGEMENT_REVIEW', severity: 'MINOR', description: 'x' }),
          ['input.managementReviewId'],
        ],
        [
          'raiseNonconformity: from an observation',
          'raise',
          () => ({
            cycleId: cycle.id,
            source: 'AUDIT_FINDING',
            findingId: ctx.observation,
            description: 'x',
          }),
          ['input.findingId'],
        ],
        [
          'raiseNonconformity: severity contradicts the finding',
          'raise',
          () => ({
            cycleId: cycle.id,
            source: 'AUDIT_FINDING',
            findingId: ctx.major,
            severity: 'MINOR',
            description: 'x',
          }),
          ['input.severity'],
        ],
        [
          'raiseNonconformity: unknown requirement',
          'raise',
          () => ({
            cycleId: cycle.id,
            source: 'OTHER',
            severity: 'MINOR',
            description: 'x',
            requirementUrns: ['x'],
          }),
          ['input.requirementUrns'],
        ],
        [
          'updateNonconformity: null description',
          'updateNc',
          () => ({ id: ctx.nc, description: null }),
          ['input.description'],
        ],
        [
          'addCorrectiveAction: non-member owner',
          'addAction',
          () => ({ nonconformityId: ctx.nc, description: 'x', dueAt: at(1), ownerId: stranger }),
          ['input.ownerId'],
        ],
        [
          'addCorrectiveAction: no due date',
          'addAction',
          () => ({ nonconformityId: ctx.nc, description: 'x' }),
          [],
        ],
        [
          'completeCorrectiveAction: effectiveness not given',
          'completeAction',
          () => ({ correctiveActionId: ctx.action }),
          [],
        ],
        [
          'recordManagementReview: no attendee',
          'review',
          () => ({ cycleId: cycle.id, heldAt: at(0), attendees: [], inputs: [] }),
          ['input.attendees'],
        ],
        [
          'recordManagementReview: a topic twice',
          'review',
          () => ({
            cycleId: cycle.id,
            heldAt: at(0),
            attendees: ['x'],
            inputs: [
              { topic: 'AUDIT_RESULTS', covered: true },
              { topic: 'AUDIT_RESULTS', covered: false },
            ],
          }),
          ['input.inputs.1.topic'],
        ],
        [
          'recordManagementReview: non-member action owner',
          'review',
          () => ({
            cycleId: cycle.id,
            heldAt: at(0),
            attendees: ['x'],
            inputs: [],
            actions: [{ description: 'a' }, { description: 'b', ownerId: stranger }],
          }),
          ['input.actions.1.ownerId'],
        ],
      ];
      it.each(cases)('%s', async (_, name, input, fields) => {
        const before = await footprint(org.organisationId);
        const res = await gql(t.http, officer, Q[name], { input: input() });
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        // An empty list: GraphQL itself refuses the variables (unknown enum value, missing field).
        if (fields.length > 0) expect([...new Set(badFields(res))]).toEqual(fields);
        expect(await footprint(org.organisationId)).toEqual(before);
      });
    });

    describe('for the evidence library', () => {
      let service: CyclesService;
      beforeAll(() => {
        service = t.app.get(CyclesService);
      });

      it('checks link targets by type, refusing missing and foreign ids as NotFound', async () => {
        const audit = await newAudit();
        const finding = await newFinding(audit.id, 'OBSERVATION');
        const [itemId, entryId] = [(await item('8.3')).id, (await entry('A.8.4')).id];
        await expect(
          service.assertLinkTargets(org.organisationId, [
            { type: 'SOA_ENTRY', id: entryId },
            { type: 'CHECKLIST_ITEM', id: itemId },
            { type: 'AUDIT_FINDING', id: finding.id },
          ]),
        ).resolves.toBeUndefined();
        await expect(service.assertLinkTargets(org.organisationId, [])).resolves.toBeUndefined();
        const other = await createOrg(t.http, 'Evidence stranger');
        const refused: [
          string,
          { type: 'SOA_ENTRY' | 'CHECKLIST_ITEM' | 'AUDIT_FINDING'; id: string }[],
          string,
          string,
        ][] = [
          [other.organisationId, [{ type: 'SOA_ENTRY', id: entryId }], 'SoAEntry', entryId],
          [other.organisationId, [{ type: 'CHECKLIST_ITEM', id: itemId }], 'ChecklistItem', itemId],
          [other.organisationId, [{ type: 'AUDIT_FINDING', id: finding.id }], 'AuditFinding', finding.id],
          // An id of the right organisation but the wrong type is missing too.
          [
            org.organisationId,
            [
              { type: 'CHECKLIST_ITEM', id: itemId },
              { type: 'AUDIT_FINDING', id: entryId },
            ],
            'AuditFinding',
            entryId,
          ],
          [org.organisationId, [{ type: 'SOA_ENTRY', id: 'not-a-uuid' }], 'SoAEntry', 'not-a-uuid'],
        ];
        for (const [organisationId, targets, entity, id] of refused) {
          await expect(service.assertLinkTargets(organisationId, targets)).rejects.toMatchObject({
            code: 'NOT_FOUND',
            details: { entity, id },
          });
        }
      });

      it('reports a status per clause and per control of a cycle', async () => {
        await run('updateItem', { id: (await item('4.2')).id, status: 'IMPLEMENTED' }, officer);
        await run(
          'setEntry',
          { cycleId: cycle.id, controlUrn: REQ('a.5.2'), applicable: false, justification: 'x' },
          officer,
        );
        await run(
          'setEntry',
          {
            cycleId: cycle.id,
            controlUrn: REQ('a.5.3'),
            applicable: true,
            justification: 'x',
            implementationStatus: 'IN_PROGRESS',
          },
          officer,
        );
        const rows = await service.requirementStatuses(org.organisationId, cycle.id);
        const read = await readCycle(cycle.id, officer);
        expect(rows).toHaveLength(read.checklist.length + read.soa.length);
        const byUrn = new Map(rows.map((r) => [r.urn, r]));
        expect(byUrn.get(REQ('4.2'))).toEqual({
          urn: REQ('4.2'),
          status: 'IMPLEMENTED',
          source: 'CHECKLIST',
          entityId: (await item('4.2')).id,
        });
        expect(byUrn.get(REQ('a.5.2'))).toMatchObject({
          status: 'NOT_APPLICABLE',
          source: 'SOA',
          entityId: (await entry('A.5.2')).id,
        });
        expect(byUrn.get(REQ('a.5.3'))).toMatchObject({ status: 'IN_PROGRESS', source: 'SOA' });
        expect(byUrn.get(REQ('a.9.4'))).toMatchObject({ status: 'NOT_STARTED', source: 'SOA' });
        const other = await createOrg(t.http, 'Status stranger');
        for (const [organisationId, id] of [
          [other.organisationId, cycle.id],
          [org.organisationId, randomUUID()],
          [org.organisationId, 'nope'],
        ]) {
          await expect(service.requirementStatuses(organisationId, id)).rejects.toMatchObject({
            code: 'NOT_FOUND',
            details: { entity: 'Cycle', id },
          });
        }
      });
    });
  });
});
