import { registerEnumType } from '@nestjs/graphql';

export enum ExportStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(ExportStatus, { name: 'ExportStatus', description: 'Where an export job is.' });

/** What the job is doing while RUNNING (reported with its progress). */
export enum ExportPhase {
  GATHERING = 'GATHERING',
  WRITING = 'WRITING',
  STORING = 'STORING',
  RETRYING = 'RETRYING',
}
registerEnumType(ExportPhase, { name: 'ExportPhase' });
