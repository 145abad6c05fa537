import { TestOrg } from './support/factory';
import { cycleRecords, cyclesSuite } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { clock, auditEvents, run } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    const { item } = records;
    let org: TestOrg;
    let officer: string;
    let officerId: string;
    let cycle: any;
    beforeAll(() => {
      ({ org, officer, officerId, cycle } = records.state);
    });

    it('updates a checklist item’s status, owner and notes, audited field by field', async () => {
      const target = await item('6.1.2');
      const updated = (
        await run(
          'updateItem',
          { id: target.id, status: 'IN_PROGRESS', ownerId: officerId, notes: ' Draft ready ' },
          officer,
        )
      ).checklistItem;
      expect(updated).toMatchObject({
        status: 'IN_PROGRESS',
        ownerId: officerId,
        owner: { id: officerId },
        notes: 'Draft ready',
        statusChangedAt: clock.now().toISOString(),
      });
      const cleared = (await run('updateItem', { id: target.id, ownerId: null, notes: null }, officer))
        .checklistItem;
      expect(cleared).toMatchObject({ status: 'IN_PROGRESS', ownerId: null, owner: null, notes: null });
      const audits = (await auditEvents(org.organisationId, 'checklist_item.updated')).filter(
        (a) => a.entity_id === target.id,
      );
      expect(audits.map((a) => a.changes)).toEqual([
        {
          status: { from: 'NOT_STARTED', to: 'IN_PROGRESS' },
          ownerId: { from: null, to: officerId },
          notes: { from: null, to: 'Draft ready' },
          clause: '6.1.2',
          cycleId: cycle.id,
        },
        {
          ownerId: { from: officerId, to: null },
          notes: { from: 'Draft ready', to: null },
          clause: '6.1.2',
          cycleId: cycle.id,
        },
      ]);
    });
  });
});
