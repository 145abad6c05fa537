import { Role } from '@aims/platform';
import { addMember, TestOrg } from './support/factory';
import { errorCode, gql } from './support/gql';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, clock, at, footprint, run, readCycle } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { newAudit } = records;
    let org: TestOrg;
    let officer: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, cycle } = records.state);
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
  });
});
