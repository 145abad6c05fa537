export { CatalogDocumentKind, CatalogFormat } from './catalog-content';
export {
  builtInCatalogDir,
  type CatalogBatch,
  CatalogValidationError,
  readCatalogDirectory,
} from './catalog-files';
export { CatalogLoader, loadBuiltInCatalogs } from './catalog-loader';
export { CatalogModule } from './catalog.module';
export { CatalogService } from './catalog.service';
export { Framework } from './framework.entity';
export { MappingSet } from './mapping-set.entity';
export { Mapping } from './mapping.entity';
export { invertRelationship, MappingDirection, MappingRelationship } from './relationship';
export { PdcaPhase, RequirementKind } from './requirement-kind';
export { refProblem, RefRule, type RequirementRow } from './requirement-refs';
export { Requirement } from './requirement.entity';

export { readMappingSetsForPack } from './mapping-pack-reader';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';

export const CATALOG_ENTITIES = [Framework, Requirement, MappingSet, Mapping];
