import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { IdentityModule } from '@aims/identity';
import { AISystemResolver } from './ai-system.resolver';
import { AISystemService } from './ai-system.service';
import { ImpactAssessmentService } from './impact-assessment.service';
import { Tc260GradingService } from './tc260-grading.service';

@Module({
  imports: [AuditLogModule, IdentityModule],
  providers: [AISystemService, ImpactAssessmentService, Tc260GradingService, AISystemResolver],
  exports: [AISystemService, ImpactAssessmentService, Tc260GradingService],
})
export class AISystemsModule {}
