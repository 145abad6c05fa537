export * from './audit-chain-head.entity';
export * from './audit-event.entity';
export * from './audit-event.model';
export * from './audit-log.module';
export * from './audit-log.service';
export * from './changes';
export * from './domain-changes';
export * from './hash-chain';
export * from './outbox/event-types';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox-relay';
export * from './outbox/outbox.processor';
export * from './unit-of-work';

import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEvent } from './audit-event.entity';
import { OutboxEvent } from './outbox/outbox-event.entity';

export const AUDIT_LOG_ENTITIES = [AuditEvent, AuditChainHead, OutboxEvent];
