import { Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { RiskCriteriaService } from './risk-criteria.service';
import { AISystemRisksResolver, RiskAssessmentResolver, RiskResolver } from './risk.resolver';
import { RiskService } from './risk.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, AISystemsModule],
  providers: [RiskCriteriaService, RiskService, RiskResolver, RiskAssessmentResolver, AISystemRisksResolver],
  exports: [RiskCriteriaService, RiskService],
})
export class RisksModule {}
