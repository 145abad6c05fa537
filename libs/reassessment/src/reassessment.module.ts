import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CyclesModule } from '@aims/cycles';
import { EvidenceModule } from '@aims/evidence';
import { RisksModule } from '@aims/risks';
import { ReassessmentSweeper } from './reassessment-sweeper';
import { ReassessmentProcessor } from './reassessment.processor';
import { ReassessmentResolver } from './reassessment.resolver';
import { ReassessmentService } from './reassessment.service';

@Module({
  imports: [AuditLogModule, RisksModule, EvidenceModule, CyclesModule],
  providers: [ReassessmentService, ReassessmentSweeper, ReassessmentProcessor, ReassessmentResolver],
  exports: [ReassessmentService, ReassessmentSweeper, ReassessmentProcessor],
})
export class ReassessmentModule {}
