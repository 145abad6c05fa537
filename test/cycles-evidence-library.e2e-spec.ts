import { randomUUID } from 'node:crypto';
import { CycleRecordReader } from '@aims/cycles';
import { createOrg, TestOrg } from './support/factory';
import { cycleRecords, cyclesSuite, REQ } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { t, run, readCycle } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { item, entry, newAudit, newFinding } = records;
    let org: TestOrg;
    let officer: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, cycle } = records.state);
    });

    describe('for the evidence library', () => {
      let service: CycleRecordReader;
      beforeAll(() => {
        service = t.app.get(CycleRecordReader);
      });

      it('checks link targets by type, refusing missing and foreign ids as NotFound', async () => {
        const audit = await newAudit();
        const finding = await newFinding(audit.id, 'OBSERVATION');
        const [itemId, entryId] = [(await item('8.3')).id, (await entry('A.8.4')).id];
        await expect(
          service.assertLinkTargets(org.organisationId, [
            { type: 'SOA_ENTRY', id: entryId },
            { type: 'CHECKLIST_ITEM', id: itemId },
            { type: 'AUDIT_FINDING', id: finding.id },
          ]),
        ).resolves.toBeUndefined();
        await expect(service.assertLinkTargets(org.organisationId, [])).resolves.toBeUndefined();
        const other = await createOrg(t.http, 'Evidence stranger');
        const refused: [
          string,
          { type: 'SOA_ENTRY' | 'CHECKLIST_ITEM' | 'AUDIT_FINDING'; id: string }[],
          string,
          string,
        ][] = [
          [other.organisationId, [{ type: 'SOA_ENTRY', id: entryId }], 'SoAEntry', entryId],
          [other.organisationId, [{ type: 'CHECKLIST_ITEM', id: itemId }], 'ChecklistItem', itemId],
          [other.organisationId, [{ type: 'AUDIT_FINDING', id: finding.id }], 'AuditFinding', finding.id],
          // An id of the right organisation but the wrong type is missing too.
          [
            org.organisationId,
            [
              { type: 'CHECKLIST_ITEM', id: itemId },
              { type: 'AUDIT_FINDING', id: entryId },
            ],
            'AuditFinding',
            entryId,
          ],
          [org.organisationId, [{ type: 'SOA_ENTRY', id: 'not-a-uuid' }], 'SoAEntry', 'not-a-uuid'],
        ];
        for (const [organisationId, targets, entity, id] of refused) {
          await expect(service.assertLinkTargets(organisationId, targets)).rejects.toMatchObject({
            code: 'NOT_FOUND',
            details: { entity, id },
          });
        }
      });

      it('reports a status per clause and per control of a cycle', async () => {
        await run('updateItem', { id: (await item('4.2')).id, status: 'IMPLEMENTED' }, officer);
        await run(
          'setEntry',
          { cycleId: cycle.id, controlUrn: REQ('a.5.2'), applicable: false, justification: 'x' },
          officer,
        );
        await run(
          'setEntry',
          {
            cycleId: cycle.id,
            controlUrn: REQ('a.5.3'),
            applicable: true,
            justification: 'x',
            implementationStatus: 'IN_PROGRESS',
          },
          officer,
        );
        const rows = await service.requirementStatuses(org.organisationId, cycle.id);
        const read = await readCycle(cycle.id, officer);
        expect(rows).toHaveLength(read.checklist.length + read.soa.length);
        const byUrn = new Map(rows.map((r) => [r.urn, r]));
        expect(byUrn.get(REQ('4.2'))).toEqual({
          urn: REQ('4.2'),
          status: 'IMPLEMENTED',
          source: 'CHECKLIST',
          entityId: (await item('4.2')).id,
        });
        expect(byUrn.get(REQ('a.5.2'))).toMatchObject({
          status: 'NOT_APPLICABLE',
          source: 'SOA',
          entityId: (await entry('A.5.2')).id,
        });
        expect(byUrn.get(REQ('a.5.3'))).toMatchObject({ status: 'IN_PROGRESS', source: 'SOA' });
        expect(byUrn.get(REQ('a.9.4'))).toMatchObject({ status: 'NOT_STARTED', source: 'SOA' });
        const other = await createOrg(t.http, 'Status stranger');
        for (const [organisationId, id] of [
          [other.organisationId, cycle.id],
          [org.organisationId, randomUUID()],
          [org.organisationId, 'nope'],
        ]) {
          await expect(service.requirementStatuses(organisationId, id)).rejects.toMatchObject({
            code: 'NOT_FOUND',
            details: { entity: 'Cycle', id },
          });
        }
      });
    });
  });
});
