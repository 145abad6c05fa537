import { TestOrg } from './support/factory';
import { errorCode, gql } from './support/gql';
import { cycleRecords, cyclesSuite, Q, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, clock, footprint, auditEvents, run, readCycle, evaluatedRisk } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { entry } = records;
    let org: TestOrg;
    let officer: string;
    let officerId: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, officerId, cycle } = records.state);
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
  });
});
