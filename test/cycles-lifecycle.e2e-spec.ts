import { Role } from '@aims/platform';
import { addMember, createOrg } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';
import { codesOf, cyclesSuite, Q, REQ, unmetOf } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const {
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
    setup,
  } = suite;

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
});
