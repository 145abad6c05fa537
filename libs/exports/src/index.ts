export { ExportsModule } from './exports.module';
export { ExportsService } from './exports.service';
export { ExportProcessor } from './export.processor';
export { PackGatherer } from './pack-gatherer';
export { PackSigningKeys } from './pack-signing-keys.service';
export { ExportJob } from './export-job.entity';
export { PackSigningKey } from './pack-signing-key.entity';
export { ExportPhase, ExportStatus } from './export.enums';
export { EvidencePackModel, ExportJobModel, ExportScopeModel } from './export-job.model';
export {
  oscalSchemaErrors,
  runVerifyPackCli,
  verifyPack,
  writePack,
  type PackManifest,
  type PackVerification,
} from './pack';

import { ExportJob } from './export-job.entity';
import { PackSigningKey } from './pack-signing-key.entity';

export const EXPORTS_ENTITIES = [ExportJob, PackSigningKey];
