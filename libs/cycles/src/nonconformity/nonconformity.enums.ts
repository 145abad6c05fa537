import { registerEnumType } from '@nestjs/graphql';

export enum NonconformitySource {
  AUDIT_FINDING = 'AUDIT_FINDING',
  INCIDENT = 'INCIDENT',
  MANAGEMENT_REVIEW = 'MANAGEMENT_REVIEW',
  OTHER = 'OTHER',
}

export enum NonconformitySeverity {
  MAJOR = 'MAJOR',
  MINOR = 'MINOR',
}

export enum NonconformityStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  CARRIED_FORWARD = 'CARRIED_FORWARD',
}

export enum CorrectiveActionStatus {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  CARRIED_FORWARD = 'CARRIED_FORWARD',
}

registerEnumType(NonconformitySource, { name: 'NonconformitySource' });

registerEnumType(NonconformitySeverity, { name: 'NonconformitySeverity' });

registerEnumType(NonconformityStatus, {
  name: 'NonconformityStatus',
  valuesMap: {
    OPEN: { description: 'Needs corrective action, or an effective one.' },
    CLOSED: { description: 'Its latest corrective action was verified effective and none is open.' },
    CARRIED_FORWARD: { description: 'Still open when its cycle closed; continued in the next cycle.' },
  },
});

registerEnumType(CorrectiveActionStatus, { name: 'CorrectiveActionStatus' });
