import { escalationCutoff, expiryThreshold, expiryThresholdSql, isOverdue } from './due-rules';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 24 * 3600 * 1000);

describe('expiryThreshold', () => {
  it.each([
    ['45 days left', inDays(45), null],
    ['just over 30 days left', new Date(inDays(30).getTime() + 1), null],
    ['exactly 30 days left', inDays(30), 30],
    ['10 days left', inDays(10), 30],
    ['exactly 7 days left', inDays(7), 7],
    ['5 days left', inDays(5), 7],
    ['exactly 1 day left', inDays(1), 1],
    ['an hour left', new Date(NOW.getTime() + 3600 * 1000), 1],
    ['expiring now', NOW, null],
    ['already expired', inDays(-2), null],
  ])('%s → %s', (_label, expiresAt, expected) => {
    expect(expiryThreshold(NOW, expiresAt)).toBe(expected);
  });
});

describe('expiryThresholdSql', () => {
  it('checks the tightest threshold first and falls back to the widest', () => {
    expect(expiryThresholdSql('r.accepted_until', '$1')).toBe(
      "(CASE WHEN r.accepted_until <= $1::timestamptz + interval '1 days' THEN 1 " +
        "WHEN r.accepted_until <= $1::timestamptz + interval '7 days' THEN 7 ELSE 30 END)",
    );
  });
});

describe('escalationCutoff', () => {
  it.each([
    ['72 hours back', escalationCutoff(NOW, 72), inDays(-3)],
    ['no delay', escalationCutoff(NOW, 0), NOW],
  ])('%s', (_label, actual, expected) => {
    expect(actual.toISOString()).toBe(expected.toISOString());
  });
});

describe('isOverdue', () => {
  it.each([
    ['open, due yesterday', 'OPEN', inDays(-1), true],
    ['open, due now', 'OPEN', NOW, false],
    ['open, due tomorrow', 'OPEN', inDays(1), false],
    ['completed, due yesterday', 'COMPLETED', inDays(-1), false],
    ['cancelled, due yesterday', 'CANCELLED', inDays(-1), false],
  ])('%s → %s', (_label, status, dueAt, expected) => {
    expect(isOverdue({ status, dueAt }, NOW)).toBe(expected);
  });
});
