import { randomUUID } from 'node:crypto';
import { TestOrg } from './support/factory';
import { badFields, errorCode, gql } from './support/gql';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, at, footprint, run } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { item, entry, newAudit, newFinding, incident } = records;
    let org: TestOrg;
    let officer: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, cycle } = records.state);
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
  });
});
