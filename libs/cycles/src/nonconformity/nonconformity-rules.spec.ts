import { NonconformitySeverity, NonconformityStatus } from './nonconformity.enums';
import { FindingType } from '../internal-audit/internal-audit.enums';
import { severityOfFinding, statusAfterCompletion } from './nonconformity-rules';

describe('severityOfFinding', () => {
  it.each([
    [FindingType.MAJOR_NONCONFORMITY, NonconformitySeverity.MAJOR],
    [FindingType.MINOR_NONCONFORMITY, NonconformitySeverity.MINOR],
    [FindingType.OBSERVATION, null],
    [FindingType.OPPORTUNITY, null],
  ])('%s → %s', (type, severity) => {
    expect(severityOfFinding(type)).toBe(severity);
  });
});

describe('statusAfterCompletion', () => {
  it.each([
    [true, 0, NonconformityStatus.CLOSED],
    [true, 1, NonconformityStatus.OPEN],
    [false, 0, NonconformityStatus.OPEN],
    [false, 2, NonconformityStatus.OPEN],
  ])('effective %s with %s other open action(s) → %s', (effective, others, status) => {
    expect(statusAfterCompletion(effective, others)).toBe(status);
  });
});
