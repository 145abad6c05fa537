import { Role } from '@aims/platform';
import { TestOrg } from './support/factory';
import { errorCode, gql } from './support/gql';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, at, footprint, run } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { item, entry, newAudit, newFinding, incident } = records;
    let org: TestOrg;
    let tokens: Record<Role, string>;
    let officer: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, tokens, officer, cycle } = records.state);
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
  });
});
