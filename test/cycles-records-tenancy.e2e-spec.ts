import { createOrg, TestOrg } from './support/factory';
import { gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, at, footprint, run, newCycle, createSystem, evaluatedRisk } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { item, entry, newAudit, newFinding } = records;
    let officer: string;
    let cycle: any;
    beforeAll(() => {
      ({ officer, cycle } = records.state);
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
  });
});
