export * from './coverage';
export * from './coverage.model';
export * from './coverage.service';
export * from './cycle-records';
export * from './dto/evidence.args';
export * from './dto/evidence.inputs';
export * from './evidence-changes';
export * from './evidence-pack-reader';
export * from './evidence-item.entity';
export * from './evidence-link.entity';
export * from './evidence-review.entity';
export * from './evidence-status';
export * from './evidence-transfer.service';
export * from './evidence-upload.entity';
export * from './evidence-version.entity';
export * from './evidence.enums';
export * from './evidence.model';
export * from './evidence.module';
export * from './evidence.service';
export * from './signed-token';
export * from './storage/evidence-storage';
export * from './storage/create-evidence-storage';
export * from './storage/fixity-check';
export * from './storage/local-evidence-storage';
export * from './storage/metered-body';
export * from './storage/s3-evidence-storage';
export * from './storage/storage-cleanup.processor';
export * from './storage/storage-readiness';
export * from './storage/verifying-stream';
export * from './requirement-status/requirement-status.entity';
export * from './requirement-status/requirement-status.inputs';
export * from './requirement-status/requirement-status.model';
export * from './requirement-status/requirement-status.service';

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
