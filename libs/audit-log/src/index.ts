export { AuditChainHead } from './audit-chain-head.entity';
export { AuditEvent } from './audit-event.entity';
export { AuditEventModel } from './audit-event.model';
export { AuditLogModule } from './audit-log.module';
export { AuditLogService } from './audit-log.service';
export { changeRow, diffFields, type AuditedChange, type FieldDiff } from './changes';
export * from './domain-changes';
export * from './outbox/event-types';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox-relay';
export * from './outbox/outbox.processor';
export { UnitOfWork, Work } from './unit-of-work';
export * from './hash-chain';

export { OutboxWakeListener } from './outbox/outbox-wake-listener';
export { appendMigrationAudit } from './migration-audit';
export type { AuditEntry } from './unit-of-work';
export { readAuditEventsForPack, readFieldsAsOf, rowsAsOf } from './audit-pack-reader';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEvent } from './audit-event.entity';
import { OutboxEvent } from './outbox/outbox-event.entity';

export const AUDIT_LOG_ENTITIES = [AuditEvent, AuditChainHead, OutboxEvent];
