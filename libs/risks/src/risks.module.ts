import { Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { AuditLogModule, changeSubscriptions } from '@aims/audit-log';
import { RiskCriteriaService } from './risk-criteria.service';
import { AISystemRisksResolver, RiskAssessmentResolver, RiskResolver } from './risk.resolver';
import { RiskAcceptanceService } from './risk-acceptance.service';
import { RiskAssessmentService } from './risk-assessment.service';
import { RiskReader } from './risk-reader';
import { RiskService } from './risk.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, AISystemsModule],
  providers: [
    changeSubscriptions(RiskService, (risks) => [
      ['ai-system.materially-changed', 'risks', (work, ids) => risks.requestReview(work, ids)],
    ]),
    RiskCriteriaService,
    RiskService,
    RiskReader,
    RiskAssessmentService,
    RiskAcceptanceService,
    RiskResolver,
    RiskAssessmentResolver,
    AISystemRisksResolver,
  ],
  exports: [RiskCriteriaService, RiskService, RiskReader, RiskAssessmentService, RiskAcceptanceService],
})
export class RisksModule {}
