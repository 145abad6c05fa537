export * from './catalog-content';
export * from './catalog-document';
export * from './catalog-files';
export * from './catalog-loader';
export * from './catalog.module';
export * from './catalog.service';
export * from './framework.entity';
export * from './mapping-set.entity';
export * from './mapping.entity';
export * from './relationship';
export * from './requirement-kind';
export * from './requirement-refs';
export * from './requirement.entity';

import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';

export const CATALOG_ENTITIES = [Framework, Requirement, MappingSet, Mapping];
