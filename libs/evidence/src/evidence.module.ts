import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { CyclesModule, CyclesService } from '@aims/cycles';
import { IdentityModule } from '@aims/identity';
import { AppConfig } from '@aims/platform';
import { RisksModule } from '@aims/risks';
import { CoverageService } from './coverage.service';
import { CycleRecords } from './cycle-records';
import { EvidenceLinkResolver, EvidenceResolver } from './evidence.resolver';
import { EvidenceService } from './evidence.service';
import { EvidenceTransferController } from './evidence-transfer.controller';
import { EvidenceTransferService } from './evidence-transfer.service';
import { EvidenceStorage } from './storage/evidence-storage';
import { LocalEvidenceStorage } from './storage/local-evidence-storage';

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
    EvidenceService,
    EvidenceTransferService,
    CoverageService,
    EvidenceResolver,
    EvidenceLinkResolver,
  ],
  exports: [EvidenceService, EvidenceTransferService, CoverageService, EvidenceStorage],
})
export class EvidenceModule {}
