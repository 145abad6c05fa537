import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { IdentityModule } from '@aims/identity';
import { AISystemChanges } from './ai-system-changes';
import { AISystemResolver } from './ai-system.resolver';
import { AISystemService } from './ai-system.service';
import { ImpactAssessmentService } from './impact-assessment.service';
import { Tc260GradingService } from './tc260-grading.service';

@Module({
  imports: [AuditLogModule, IdentityModule],
  providers: [
    AISystemChanges,
    AISystemService,
    ImpactAssessmentService,
    Tc260GradingService,
    AISystemResolver,
  ],
  exports: [AISystemChanges, AISystemService, ImpactAssessmentService, Tc260GradingService],
})
export class AISystemsModule {}
