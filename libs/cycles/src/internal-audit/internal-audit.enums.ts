import { registerEnumType } from '@nestjs/graphql';

export enum InternalAuditStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

/** What an internal audit found (contract). */
export enum FindingType {
  MAJOR_NONCONFORMITY = 'MAJOR_NONCONFORMITY',
  MINOR_NONCONFORMITY = 'MINOR_NONCONFORMITY',
  OBSERVATION = 'OBSERVATION',
  OPPORTUNITY = 'OPPORTUNITY',
}

registerEnumType(InternalAuditStatus, { name: 'InternalAuditStatus' });

registerEnumType(FindingType, {
  name: 'FindingType',
  description: 'What an internal audit found (42001 9.2).',
});
