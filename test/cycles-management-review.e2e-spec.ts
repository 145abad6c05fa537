import { cycleRecords, cyclesSuite } from './cycles-support';

describe('PDCA cycles', () => {
  const suite = cyclesSuite();
  const { at, run } = suite;

  describe('records of a cycle', () => {
    const records = cycleRecords(suite);
    let officer: string;
    let officerId: string;
    let cycle: any;
    beforeAll(() => {
      ({ officer, officerId, cycle } = records.state);
    });

    it('records a management review against every 9.3.2 input, in the standard’s order', async () => {
      const review = (
        await run(
          'review',
          {
            cycleId: cycle.id,
            heldAt: at(-2),
            attendees: [' Chief executive ', 'AIMS manager'],
            inputs: [
              { topic: 'IMPROVEMENT_OPPORTUNITIES', covered: true, notes: 'Automate monitoring' },
              { topic: 'PREVIOUS_ACTIONS', covered: false, notes: 'First review' },
            ],
            decisions: ['Fund a monitoring tool'],
            actions: [
              { description: 'Select a tool', ownerId: officerId, dueAt: at(45) },
              { description: 'Report back' },
            ],
            summary: 'Annual review',
          },
          officer,
        )
      ).managementReview;
      expect(review).toMatchObject({
        heldAt: at(-2),
        attendees: ['Chief executive', 'AIMS manager'],
        decisions: ['Fund a monitoring tool'],
        actions: [
          { description: 'Select a tool', ownerId: officerId, dueAt: at(45) },
          { description: 'Report back', ownerId: null, dueAt: null },
        ],
        allInputsCovered: false,
        recordedById: officerId,
      });
      expect(review.inputs.map((i: any) => [i.topic, i.covered, i.notes])).toEqual([
        ['PREVIOUS_ACTIONS', false, 'First review'],
        ['CONTEXT_CHANGES', false, null],
        ['INTERESTED_PARTY_CHANGES', false, null],
        ['NONCONFORMITIES_AND_CORRECTIVE_ACTIONS', false, null],
        ['MONITORING_AND_MEASUREMENT', false, null],
        ['AUDIT_RESULTS', false, null],
        ['IMPROVEMENT_OPPORTUNITIES', true, 'Automate monitoring'],
      ]);
      expect(review.inputs[0].description).toMatch(/9\.3\.2 a/);
      const all = (
        await run(
          'review',
          {
            cycleId: cycle.id,
            heldAt: at(0),
            attendees: ['Board'],
            inputs: review.inputs.map((i: any) => ({ topic: i.topic, covered: true })),
          },
          officer,
        )
      ).managementReview;
      expect(all.allInputsCovered).toBe(true);
    });
  });
});
