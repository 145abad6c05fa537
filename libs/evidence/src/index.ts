export * from './coverage';
export * from './coverage.model';
export * from './coverage.service';
export * from './cycle-records';
export * from './dto/evidence.args';
export * from './dto/evidence.inputs';
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
export * from './storage/evidence-storage';
export * from './storage/local-evidence-storage';
export * from './storage/verifying-stream';

import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceUpload } from './evidence-upload.entity';
import { EvidenceVersion } from './evidence-version.entity';

export const EVIDENCE_ENTITIES = [
  EvidenceItem,
  EvidenceVersion,
  EvidenceReview,
  EvidenceLink,
  EvidenceUpload,
];
export * from './evidence.due-work';
