export { CoverageBasis, CoverageStatus } from './coverage';
export {
  CoverageImplementationSource,
  CoverageImplementationStatus,
  CoveragePathModel,
  CoverageSummaryModel,
  FrameworkCoverage,
  RequirementCoverageModel,
} from './coverage.model';
export { CoverageService } from './coverage.service';
export { EvidenceItem } from './evidence-item.entity';
export { EvidenceLink } from './evidence-link.entity';
export { EvidenceReview } from './evidence-review.entity';
export { EvidenceAction } from './evidence-status';
export { EvidenceTransferService } from './evidence-transfer.service';
export { issuedTo, SignedUrls, TransferError, type IssuedClaims } from './signed-urls';
export { EvidenceUpload } from './evidence-upload.entity';
export { EvidenceVersion } from './evidence-version.entity';
export {
  EvidenceKind,
  EvidenceLinkTargetType,
  EvidenceReviewDecision,
  EvidenceReviewState,
  EvidenceStatus,
} from './evidence.enums';
export {
  CreateEvidenceDownloadPayload,
  CreateEvidenceUploadPayload,
  EvidenceItemModel,
  EvidenceLinkModel,
  EvidenceReviewModel,
  EvidenceVersionModel,
} from './evidence.model';
export { EvidenceModule } from './evidence.module';
export { EvidenceItemService } from './evidence-item.service';
export { EvidenceReader } from './evidence-reader';
export { EvidenceVersionService } from './evidence-version.service';
export * from './storage/local-evidence-storage';
export { EVIDENCE_EXPIRED, evidenceExpiring } from './evidence.due-work';
export * from './storage/evidence-storage';
export * from './storage/verifying-stream';
export * from './requirement-status/requirement-status.entity';
export * from './requirement-status/requirement-status.inputs';
export * from './requirement-status/requirement-status.model';
export * from './requirement-status/requirement-status.service';

export { StorageCleanupProcessor } from './storage/storage-cleanup.processor';
export { checkFixity } from './storage/fixity-check';
export { hashStream } from './storage/metered-body';
export { createEvidenceStorage, createS3Client } from './storage/create-evidence-storage';
export { S3_PART_SIZE, S3_QUEUE_SIZE, S3EvidenceStorage } from './storage/s3-evidence-storage';
export { readEvidenceForPack } from './evidence-pack-reader';
export type { InForceLinkSource } from './coverage.service';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceUpload } from './evidence-upload.entity';
import { EvidenceVersion } from './evidence-version.entity';
import { RequirementStatus } from './requirement-status/requirement-status.entity';

export const EVIDENCE_ENTITIES = [
  EvidenceItem,
  EvidenceVersion,
  EvidenceReview,
  EvidenceLink,
  EvidenceUpload,
  RequirementStatus,
];
