import { errorCode, gql, gqlOk } from './support/gql';
import { cyclesSuite, Q, REQ } from './cycles-support';

const ACCEPTED_UNTIL = '2099-12-31T00:00:00.000Z';

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
    decideSoA,
    completedAuditAndReview,
    setup,
  } = suite;

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
      // Accepted beyond the real date: other test files' workers sweep every organisation of the shared test
      // database with the real clock, and would expire an acceptance that ends before it.
      await run('acceptRisk', { riskId: risk, rationale: 'Low', acceptedUntil: ACCEPTED_UNTIL }, owner);
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
          acceptedUntil: ACCEPTED_UNTIL,
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
});
