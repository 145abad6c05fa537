export * from './dto/export.inputs';
export * from './export-job.entity';
export * from './export-job.model';
export * from './export-pack.writer';
export * from './export.enums';
export * from './export.processor';
export * from './exports.module';
export * from './exports.service';
export * from './pack-gatherer';
export * from './pack-signing-key.entity';
export * from './pack-signing-keys.service';
export * from './pack';

import { ExportJob } from './export-job.entity';
import { PackSigningKey } from './pack-signing-key.entity';

export const EXPORTS_ENTITIES = [ExportJob, PackSigningKey];
