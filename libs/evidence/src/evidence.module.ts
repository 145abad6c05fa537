import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { CycleRecordReader, CyclesModule } from '@aims/cycles';
import { IdentityModule } from '@aims/identity';
import { AppConfig, ReadinessCheck } from '@aims/platform';
import { RisksModule } from '@aims/risks';
import { CoverageService } from './coverage.service';
import { CycleRecords } from './cycle-records';
import { EvidenceLinkResolver, EvidenceResolver } from './evidence.resolver';
import { EvidenceItemService } from './evidence-item.service';
import { EvidenceLinkService } from './evidence-link.service';
import { EvidenceReader } from './evidence-reader';
import { EvidenceVersionService } from './evidence-version.service';
import { EvidenceTransferController } from './evidence-transfer.controller';
import { EvidenceDownloadService } from './evidence-download.service';
import { EvidenceTransferService } from './evidence-transfer.service';
import { EvidenceStorage } from './storage/evidence-storage';
import { createEvidenceStorage } from './storage/create-evidence-storage';
import { StorageCleanupProcessor } from './storage/storage-cleanup.processor';
import { StorageReadiness } from './storage/storage-readiness';
import { SignedUrls } from './signed-urls';
import { RequirementStatusResolver } from './requirement-status/requirement-status.resolver';
import { RequirementStatusService } from './requirement-status/requirement-status.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, RisksModule, CyclesModule],
  controllers: [EvidenceTransferController],
  providers: [
    {
      provide: EvidenceStorage,
      inject: [AppConfig],
      useFactory: createEvidenceStorage,
    },
    { provide: ReadinessCheck, useClass: StorageReadiness },
    // The cycles domain answers for its SoA entries, checklist items and audit findings.
    { provide: CycleRecords, useExisting: CycleRecordReader },
    EvidenceItemService,
    EvidenceVersionService,
    EvidenceLinkService,
    EvidenceReader,
    EvidenceTransferService,
    EvidenceDownloadService,
    SignedUrls,
    CoverageService,
    StorageCleanupProcessor,
    RequirementStatusService,
    RequirementStatusResolver,
    EvidenceResolver,
    EvidenceLinkResolver,
  ],
  exports: [
    EvidenceReader,
    EvidenceTransferService,
    EvidenceDownloadService,
    SignedUrls,
    CoverageService,
    EvidenceStorage,
    ReadinessCheck,
    StorageCleanupProcessor,
    RequirementStatusService,
  ],
})
export class EvidenceModule {}
