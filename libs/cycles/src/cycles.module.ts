import { Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { RisksModule } from '@aims/risks';
import { ChecklistItemResolver } from './checklist/checklist.resolver';
import { ChecklistService } from './checklist/checklist.service';
import { CarriedRiskResolver, CycleResolver } from './cycle/cycle.resolver';
import { CycleContent } from './cycle/cycle-content';
import { CycleGates } from './cycle/cycle-gates.service';
import { CycleHandover } from './cycle/cycle-handover.service';
import { CycleRecordReader } from './cycle/cycle-record-reader';
import { CyclesService } from './cycle/cycles.service';
import { AuditFindingResolver, InternalAuditResolver } from './internal-audit/internal-audit.resolver';
import { InternalAuditService } from './internal-audit/internal-audit.service';
import { ManagementReviewResolver } from './management-review/management-review.resolver';
import { ManagementReviewService } from './management-review/management-review.service';
import { CorrectiveActionResolver, NonconformityResolver } from './nonconformity/nonconformity.resolver';
import { NonconformityService } from './nonconformity/nonconformity.service';
import { SoAEntryResolver } from './soa/soa.resolver';
import { SoAService } from './soa/soa.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, AISystemsModule, RisksModule],
  providers: [
    CyclesService,
    CycleContent,
    CycleGates,
    CycleHandover,
    CycleRecordReader,
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
  exports: [CyclesService, CycleRecordReader],
})
export class CyclesModule {}
