import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { CyclesModule, CyclesService } from '@aims/cycles';
import { IdentityModule } from '@aims/identity';
import { AppConfig } from '@aims/platform';
import { RisksModule } from '@aims/risks';
import { EvidenceChanges } from './evidence-changes';
import { CoverageService } from './coverage.service';
import { CycleRecords } from './cycle-records';
import { EvidenceLinkResolver, EvidenceResolver } from './evidence.resolver';
import { EvidenceService } from './evidence.service';
import { EvidenceTransferController } from './evidence-transfer.controller';
import { EvidenceTransferService } from './evidence-transfer.service';
import { EvidenceStorage } from './storage/evidence-storage';
import { LocalEvidenceStorage } from './storage/local-evidence-storage';
import { RequirementStatusResolver } from './requirement-status/requirement-status.resolver';
import { RequirementStatusService } from './requirement-status/requirement-status.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, RisksModule, CyclesModule],
  controllers: [EvidenceTransferController],
  providers: [
    {
      provide: EvidenceStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalEvidenceStorage(path.resolve(config.EVIDENCE_STORAGE_DIR)),
    },
    // The cycles domain answers for its SoA entries, checklist items and audit findings.
    { provide: CycleRecords, useExisting: CyclesService },
    EvidenceChanges,
    EvidenceService,
    EvidenceTransferService,
    CoverageService,
    RequirementStatusService,
    RequirementStatusResolver,
    EvidenceResolver,
    EvidenceLinkResolver,
  ],
  exports: [
    EvidenceChanges,
    EvidenceService,
    EvidenceTransferService,
    CoverageService,
    RequirementStatusService,
    EvidenceStorage,
  ],
})
export class EvidenceModule {}
