export { AuditFinding } from './internal-audit/audit-finding.entity';
export { ChecklistItem } from './checklist/checklist-item.entity';
export { CorrectiveAction } from './nonconformity/corrective-action.entity';
export { CycleCarriedRisk } from './cycle/cycle-carried-risk.entity';
export { Cycle } from './cycle/cycle.entity';
export {
  CarriedRiskModel,
  CycleModel,
  PhaseGate,
  PhaseTransitionModel,
  UnmetGateCriterion,
} from './cycle/cycle.model';
export { SoACompletenessModel, SoAEntryModel } from './soa/soa.model';
export { ChecklistItemModel } from './checklist/checklist.model';
export { AuditFindingModel, InternalAuditModel } from './internal-audit/internal-audit.model';
export { CorrectiveActionModel, NonconformityModel } from './nonconformity/nonconformity.model';
export {
  ManagementReviewActionModel,
  ManagementReviewInputModel,
  ManagementReviewModel,
} from './management-review/management-review.model';
export { CyclePhase } from './cycle/cycle.enums';
export { ChecklistStatus } from './checklist/checklist.enums';
export { ImplementationStatus, SoAEntryOrigin } from './soa/soa.enums';
export { FindingType, InternalAuditStatus } from './internal-audit/internal-audit.enums';
export {
  CorrectiveActionStatus,
  NonconformitySeverity,
  NonconformitySource,
  NonconformityStatus,
} from './nonconformity/nonconformity.enums';
export { ManagementReviewTopic } from './management-review/management-review.enums';
export { CyclesModule } from './cycles.module';
export { CycleRecordReader } from './cycle/cycle-record-reader';
export { CyclesService } from './cycle/cycles.service';
export { InternalAudit } from './internal-audit/internal-audit.entity';
export { ManagementReview } from './management-review/management-review.entity';
export { Nonconformity } from './nonconformity/nonconformity.entity';
export { GateCode } from './cycle/phase-gate';
export { SoAGap } from './soa/soa-decision';
export { SoAEntry } from './soa/soa-entry.entity';
export { ChecklistService } from './checklist/checklist.service';
export { SoAService } from './soa/soa.service';
export { CORRECTIVE_ACTION_OVERDUE } from './nonconformity/corrective-action.due-work';

export { readCycleForPack } from './cycle/cycle-pack-reader';
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
