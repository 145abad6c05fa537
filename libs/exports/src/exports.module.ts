import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { CyclesModule } from '@aims/cycles';
import { EvidenceModule } from '@aims/evidence';
import { IdentityModule } from '@aims/identity';
import { RisksModule } from '@aims/risks';
import { ExportDownloadController } from './export-download.controller';
import { PACK_WRITER } from './export-pack.writer';
import { ExportProcessor } from './export.processor';
import { ExportResolver } from './export.resolver';
import { ExportsService } from './exports.service';
import { writePack } from './pack';
import { PackGatherer } from './pack-gatherer';
import { PackSigningKeys } from './pack-signing-keys.service';

@Module({
  imports: [AuditLogModule, IdentityModule, CatalogModule, RisksModule, CyclesModule, EvidenceModule],
  controllers: [ExportDownloadController],
  providers: [
    { provide: PACK_WRITER, useValue: writePack },
    PackSigningKeys,
    PackGatherer,
    ExportsService,
    ExportProcessor,
    ExportResolver,
  ],
  exports: [ExportsService, ExportProcessor, PackSigningKeys],
})
export class ExportsModule {}
