import { DynamicModule, Module } from '@nestjs/common';
import { AuditLogModule, OutboxProcessor } from '@aims/audit-log';
import { ExportProcessor, ExportsModule } from '@aims/exports';
import { PlatformModule, QUEUE_PROCESSORS, Runtime, WorkerHost } from '@aims/platform';
import { ReassessmentModule, ReassessmentProcessor } from '@aims/reassessment';

/** The worker: BullMQ processors and job schedulers of every domain, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(runtime), AuditLogModule, ReassessmentModule, ExportsModule],
      providers: [
        {
          provide: QUEUE_PROCESSORS,
          useFactory: (...processors) => processors,
          inject: [OutboxProcessor, ReassessmentProcessor, ExportProcessor],
        },
        WorkerHost,
      ],
    };
  }
}
