import { registerEnumType } from '@nestjs/graphql';

/** Status of a clause checklist item (contract). */
export enum ChecklistStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

registerEnumType(ChecklistStatus, { name: 'ChecklistStatus' });
