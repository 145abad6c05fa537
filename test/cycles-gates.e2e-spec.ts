import { Role } from '@aims/platform';
import { errorCode, gqlOk } from './support/gql';
import { cyclesSuite, Q, unmetOf } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const {
    t,
    at,
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
    setup,
  } = suite;

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
});
