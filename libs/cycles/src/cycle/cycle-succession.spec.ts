import { nextCycleName, nextPeriod } from './cycle-succession';

describe('nextCycleName', () => {
  it.each([
    ['FY2026', 2, 'FY2027'],
    ['AIMS 2026 H1', 2, 'AIMS 2026 H2'],
    ['Cycle 09', 4, 'Cycle 10'],
    ['2026 AIMS review', 2, '2027 AIMS review'],
    ['AIMS (cycle 2)', 3, 'AIMS (cycle 3)'],
    ['Annual AIMS cycle', 2, 'Annual AIMS cycle (cycle 2)'],
  ])('%s → %s', (name, sequence, next) => {
    expect(nextCycleName(name, sequence)).toBe(next);
  });
});

describe('nextPeriod', () => {
  it('starts where the period ends and lasts as long', () => {
    expect(nextPeriod(new Date('2026-01-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))).toEqual({
      start: new Date('2026-07-01T00:00:00Z'),
      end: new Date('2026-12-29T00:00:00Z'),
    });
  });
});
