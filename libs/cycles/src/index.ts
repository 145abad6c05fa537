export * from './internal-audit/audit-finding.entity';
export * from './checklist/checklist-item.entity';
export * from './nonconformity/corrective-action.entity';
export * from './cycle/cycle-carried-risk.entity';
export * from './cycle/cycle-succession';
export * from './cycle/cycle.entity';
export * from './cycle/cycle.model';
export * from './soa/soa.model';
export * from './checklist/checklist.model';
export * from './internal-audit/internal-audit.model';
export * from './nonconformity/nonconformity.model';
export * from './management-review/management-review.model';
export * from './cycle/cycle.enums';
export * from './checklist/checklist.enums';
export * from './soa/soa.enums';
export * from './internal-audit/internal-audit.enums';
export * from './nonconformity/nonconformity.enums';
export * from './management-review/management-review.enums';
export * from './cycles.module';
export * from './cycle/cycles.service';
export * from './internal-audit/internal-audit.inputs';
export * from './cycle/cycle.inputs';
export * from './checklist/checklist.inputs';
export * from './management-review/management-review.inputs';
export * from './nonconformity/nonconformity.inputs';
export * from './soa/soa.inputs';
export * from './internal-audit/internal-audit.entity';
export * from './management-review/management-review.entity';
export * from './nonconformity/nonconformity-rules';
export * from './nonconformity/nonconformity.entity';
export * from './cycle/phase-gate';
export * from './soa/soa-decision';
export * from './soa/soa-entry.entity';

import { AuditFinding } from './internal-audit/audit-finding.entity';
import { ChecklistItem } from './checklist/checklist-item.entity';
import { CorrectiveAction } from './nonconformity/corrective-action.entity';
import { CycleCarriedRisk } from './cycle/cycle-carried-risk.entity';
import { Cycle } from './cycle/cycle.entity';
import { InternalAudit } from './internal-audit/internal-audit.entity';
import { ManagementReview } from './management-review/management-review.entity';
import { Nonconformity } from './nonconformity/nonconformity.entity';
import { SoAEntry } from './soa/soa-entry.entity';

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
export * from './checklist/checklist.service';
export * from './soa/soa.service';
export * from './nonconformity/corrective-action.due-work';
