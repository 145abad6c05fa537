import { TestOrg } from './support/factory';
import { errorCode, gql } from './support/gql';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, clock, at, footprint, events, auditEvents, run, readCycle } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { newAudit, newFinding, incident } = records;
    let org: TestOrg;
    let officer: string;
    let officerId: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, officerId, cycle } = records.state);
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
  });
});
