import { Module } from '@nestjs/common';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';
import { ChangeHook } from './domain-changes';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxProcessor } from './outbox/outbox.processor';
import { UnitOfWork } from './unit-of-work';

@Module({
  providers: [ChangeHook, UnitOfWork, AuditLogService, AuditLogResolver, OutboxRelay, OutboxProcessor],
  exports: [ChangeHook, UnitOfWork, AuditLogService, OutboxRelay, OutboxProcessor],
})
export class AuditLogModule {}
