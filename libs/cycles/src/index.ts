export * from './audit-finding.entity';
export * from './checklist-item.entity';
export * from './corrective-action-changes';
export * from './corrective-action.entity';
export * from './cycle-carried-risk.entity';
export * from './cycle-pack-reader';
export * from './cycle-succession';
export * from './cycle.entity';
export * from './cycle.model';
export * from './cycles.enums';
export * from './cycles.module';
export * from './cycles.service';
export * from './dto/audit.inputs';
export * from './dto/cycle.inputs';
export * from './dto/management-review.inputs';
export * from './dto/nonconformity.inputs';
export * from './dto/soa.inputs';
export * from './internal-audit.entity';
export * from './management-review.entity';
export * from './nonconformity-rules';
export * from './nonconformity.entity';
export * from './phase-gate';
export * from './soa-decision';
export * from './soa-entry.entity';

import { AuditFinding } from './audit-finding.entity';
import { ChecklistItem } from './checklist-item.entity';
import { CorrectiveAction } from './corrective-action.entity';
import { CycleCarriedRisk } from './cycle-carried-risk.entity';
import { Cycle } from './cycle.entity';
import { InternalAudit } from './internal-audit.entity';
import { ManagementReview } from './management-review.entity';
import { Nonconformity } from './nonconformity.entity';
import { SoAEntry } from './soa-entry.entity';

export const CYCLES_ENTITIES = [
  Cycle,
  ChecklistItem,
  SoAEntry,
  InternalAudit,
  AuditFinding,
  ManagementReview,
  Nonconformity,
  CorrectiveAction,
  CycleCarriedRisk,
];
export * from './checklist.service';
export * from './soa.service';
