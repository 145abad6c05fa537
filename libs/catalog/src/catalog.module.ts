import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogImportResolver } from './catalog-import.resolver';
import { CatalogImportService } from './catalog-import.service';
import { CatalogService } from './catalog.service';
import { FrameworkResolver } from './framework.resolver';
import { MappingResolver, MappingSetResolver } from './mapping-set.resolver';
import { RequirementMappingResolver, RequirementResolver } from './requirement.resolver';

@Module({
  imports: [AuditLogModule],
  providers: [
    CatalogService,
    CatalogImportService,
    FrameworkResolver,
    RequirementResolver,
    RequirementMappingResolver,
    MappingSetResolver,
    MappingResolver,
    CatalogImportResolver,
  ],
  exports: [CatalogService],
})
export class CatalogModule {}
