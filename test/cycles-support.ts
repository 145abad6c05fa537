import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg, tokensByRole } from './support/factory';
import { gql, GqlResponse, gqlOk } from './support/gql';

/** What the cycles end-to-end files share: the operations they send and the steps of a cycle. */

export const DAY = 24 * 3600 * 1000;
export const REQ = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;

export const GATE = 'from to met unmet { code message entityType entityId }';
export const CYCLE = `id sequence name periodStart periodEnd phase scopeStatement aiSystemIds phaseChangedAt closedAt previousCycleId
  aiSystems { id name }
  soaCompleteness { total decided awaitingConfirmation applicable notApplicable percent complete }
  transitions { from to at byType byId overridden overrideReason overriddenCriteria { code entityType entityId } }`;
export const ITEM =
  'id cycleId requirementUrn refId title phase status ownerId owner { id } notes statusChangedAt';
export const ENTRY = `id cycleId controlUrn refId title origin applicable justification implementationStatus linkedRiskIds
  linkedRisks { id title } carriedOver carriedFromId decidedAt decidedById`;
export const AUDIT = `id cycleId title scope leadAuditorId leadAuditor { id } plannedStartAt plannedEndAt status
  performedStartAt performedEndAt completedAt conclusion`;
export const FINDING =
  'id auditId cycleId type requirementUrns description recordedByType recordedById nonconformity { id }';
export const ACTION = `id nonconformityId cycleId description ownerId owner { id } dueAt status completedAt effective
  effectivenessNotes verifiedByType verifiedById carriedFromId overdue`;
export const NC = `id cycleId source findingId managementReviewId reference description severity requirementUrns rootCause
  status raisedByType raisedById closedAt carriedFromId finding { id type } carriedFrom { id status cycleId }
  correctiveActions { ${ACTION} }`;
export const REVIEW = `id cycleId heldAt attendees decisions summary recordedByType recordedById allInputsCovered
  inputs { topic description covered notes } actions { description ownerId dueAt }`;

export const Q = {
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
export const unmetOf = (res: GqlResponse) =>
  (
    (res.errors?.[0]?.extensions?.unmet ?? []) as { code: string; entityType: string; entityId: string }[]
  ).map((u) => [u.code, u.entityType, u.entityId]);
export const codesOf = (res: GqlResponse) => [...new Set(unmetOf(res).map(([code]) => code))];

/** Boots the app once for the file (registers beforeAll/afterAll) and returns the cycle steps. */
export function cyclesSuite() {
  const t = {} as TestApp;
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
    Object.assign(t, await startTestApp({ clock }));
  });
  afterAll(() => t.close());

  /** A fresh organisation with a member of every role. */
  const setup = async (name: string) => {
    const org = await createOrg(t.http, name);
    const tokens = await tokensByRole(t.http, org);
    return { org, tokens, officer: tokens[Role.COMPLIANCE_OFFICER] };
  };

  return {
    t,
    clock,
    at,
    sql,
    footprint,
    events,
    auditEvents,
    run,
    readCycle,
    advance,
    newCycle,
    createSystem,
    evaluatedRisk,
    treat,
    setItems,
    decideSoA,
    readyForDo,
    completedAuditAndReview,
    setup,
  };
}

/** The records tests' organisation (a member of every role) and its open cycle, made once per file. */
export function cycleRecords(suite: ReturnType<typeof cyclesSuite>) {
  const { t, at, run, setup, newCycle, readCycle } = suite;
  const state = {} as {
    org: TestOrg;
    tokens: Record<Role, string>;
    officer: string;
    officerId: string;
    cycle: any;
  };
  beforeAll(async () => {
    const { org, tokens, officer } = await setup('Records org');
    const officerId = (await gqlOk<any>(t.http, officer, '{ me { user { id } } }')).me.user.id;
    const cycle = await newCycle(officer, { scopeStatement: 'All' });
    Object.assign(state, { org, tokens, officer, officerId, cycle });
  });
  const item = async (refId: string) =>
    (await readCycle(state.cycle.id, state.officer)).checklist.find((i: any) => i.refId === refId);
  const entry = async (refId: string) =>
    (await readCycle(state.cycle.id, state.officer)).soa.find((e: any) => e.refId === refId);
  const newAudit = async (token = state.officer, input: Record<string, unknown> = {}) =>
    (
      await run(
        'createAudit',
        { cycleId: state.cycle.id, scope: 'Clause 8', plannedStartAt: at(1), ...input },
        token,
      )
    ).audit;
  const newFinding = async (auditId: string, type: string, token = state.officer) =>
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
        { cycleId: state.cycle.id, source: 'INCIDENT', severity, description: 'Outage' },
        state.officer,
      )
    ).nonconformity;
  return { state, item, entry, newAudit, newFinding, incident };
}
