import { Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { RiskChanges } from './risk-changes';
import { RiskCriteriaService } from './risk-criteria.service';
import { AISystemRisksResolver, RiskAssessmentResolver, RiskResolver } from './risk.resolver';
import { RiskService } from './risk.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, AISystemsModule],
  providers: [
    RiskChanges,
    RiskCriteriaService,
    RiskService,
    RiskResolver,
    RiskAssessmentResolver,
    AISystemRisksResolver,
  ],
  exports: [RiskChanges, RiskCriteriaService, RiskService],
})
export class RisksModule {}
