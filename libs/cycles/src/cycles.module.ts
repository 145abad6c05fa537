import { Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { RisksModule } from '@aims/risks';
import { ChecklistItemResolver } from './checklist.resolver';
import { CorrectiveActionChanges } from './corrective-action-changes';
import { ChecklistService } from './checklist.service';
import { CarriedRiskResolver, CycleResolver } from './cycle.resolver';
import { CyclesService } from './cycles.service';
import { AuditFindingResolver, InternalAuditResolver } from './internal-audit.resolver';
import { InternalAuditService } from './internal-audit.service';
import { ManagementReviewResolver } from './management-review.resolver';
import { ManagementReviewService } from './management-review.service';
import { CorrectiveActionResolver, NonconformityResolver } from './nonconformity.resolver';
import { NonconformityService } from './nonconformity.service';
import { SoAEntryResolver } from './soa.resolver';
import { SoAService } from './soa.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, AISystemsModule, RisksModule],
  providers: [
    CorrectiveActionChanges,
    CyclesService,
    ChecklistService,
    SoAService,
    InternalAuditService,
    NonconformityService,
    ManagementReviewService,
    CycleResolver,
    CarriedRiskResolver,
    ChecklistItemResolver,
    SoAEntryResolver,
    InternalAuditResolver,
    AuditFindingResolver,
    NonconformityResolver,
    CorrectiveActionResolver,
    ManagementReviewResolver,
  ],
  exports: [CorrectiveActionChanges, CyclesService],
})
export class CyclesModule {}
