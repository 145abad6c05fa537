import { DynamicModule, Module } from '@nestjs/common';
import { AuditLogModule, OutboxProcessor, OutboxWakeListener } from '@aims/audit-log';
import { EvidenceModule, StorageCleanupProcessor } from '@aims/evidence';
import { ExportProcessor, ExportsModule } from '@aims/exports';
import { PlatformModule, QUEUE_PROCESSORS, Runtime, WorkerHost } from '@aims/platform';
import { ReassessmentModule, ReassessmentProcessor } from '@aims/reassessment';
import { WebhooksModule, WebhooksProcessor } from '@aims/webhooks';
import { OutboxConsumersModule } from './outbox-consumers.module';

/** The worker: BullMQ processors and job schedulers of every domain, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(runtime),
        AuditLogModule,
        OutboxConsumersModule,
        EvidenceModule,
        ReassessmentModule,
        WebhooksModule,
        ExportsModule,
      ],
      providers: [
        {
          provide: QUEUE_PROCESSORS,
          useFactory: (...processors) => processors,
          inject: [
            OutboxProcessor,
            ReassessmentProcessor,
            StorageCleanupProcessor,
            WebhooksProcessor,
            ExportProcessor,
          ],
        },
        WorkerHost,
        OutboxWakeListener,
      ],
    };
  }
}
