import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PdcaPhase } from '@aims/catalog';
import { ConnectionType } from '@aims/platform';
import {
  ChecklistStatus,
  CorrectiveActionStatus,
  CyclePhase,
  FindingType,
  ImplementationStatus,
  InternalAuditStatus,
  ManagementReviewTopic,
  NonconformitySeverity,
  NonconformitySource,
  NonconformityStatus,
  SoAEntryOrigin,
} from './cycles.enums';

@ObjectType({ description: 'A criterion a phase gate found unmet, with the entity to act on.' })
export class UnmetGateCriterion {
  @Field({
    description: 'Stable code, e.g. PLAN_CLAUSE_OPEN or MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION.',
  })
  code: string;

  @Field()
  message: string;

  @Field(() => String, { nullable: true, description: 'Cycle, ChecklistItem, SoAEntry, AISystem, Risk, ...' })
  entityType: string | null;

  @Field(() => ID, { nullable: true })
  entityId: string | null;
}

@ObjectType({ description: 'The result of evaluating a phase gate; nothing is changed by reading it.' })
export class PhaseGate {
  @Field(() => CyclePhase)
  from: CyclePhase;

  @Field(() => CyclePhase, {
    nullable: true,
    description: 'Null for a closed cycle asked about its next phase.',
  })
  to: CyclePhase | null;

  @Field()
  met: boolean;

  @Field(() => [UnmetGateCriterion], { description: 'Every unmet criterion; empty when met.' })
  unmet: UnmetGateCriterion[];
}

@ObjectType({ description: 'A move between phases.' })
export class PhaseTransitionModel {
  @Field(() => CyclePhase)
  from: CyclePhase;

  @Field(() => CyclePhase)
  to: CyclePhase;

  @Field()
  at: Date;

  @Field({ description: 'USER, API_KEY or SYSTEM.' })
  byType: string;

  @Field(() => ID, { nullable: true })
  byId: string | null;

  @Field()
  overridden: boolean;

  @Field(() => String, { nullable: true, description: 'Why an unmet gate was overridden.' })
  overrideReason: string | null;

  @Field(() => [UnmetGateCriterion], { description: 'What was unmet when the gate was overridden.' })
  overriddenCriteria: UnmetGateCriterion[];
}

@ObjectType({ description: 'How far the Statement of Applicability is decided.' })
export class SoACompletenessModel {
  @Field(() => Int)
  total: number;

  @Field(() => Int, { description: 'Entries decided with a justification (and a status when applicable).' })
  decided: number;

  @Field(() => Int, { description: 'Carried over from the previous cycle, not yet confirmed.' })
  awaitingConfirmation: number;

  @Field(() => Int)
  applicable: number;

  @Field(() => Int)
  notApplicable: number;

  @Field(() => Int, { description: '0–100.' })
  percent: number;

  @Field()
  complete: boolean;
}

@ObjectType('Cycle', {
  description: 'A Plan-Do-Check-Act cycle of the AI management system (ISO/IEC 42001).',
})
export class CycleModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1, 2, ... per organisation.' })
  sequence: number;

  @Field()
  name: string;

  @Field()
  periodStart: Date;

  @Field({ description: 'Exclusive: the next cycle starts here.' })
  periodEnd: Date;

  @Field(() => CyclePhase)
  phase: CyclePhase;

  @Field(() => String, { nullable: true, description: 'Boundaries of the AIMS (ISO/IEC 42001 4.3).' })
  scopeStatement: string | null;

  @Field(() => [ID], { description: 'AI systems in scope.' })
  aiSystemIds: string[];

  @Field()
  phaseChangedAt: Date;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => ID, { nullable: true })
  previousCycleId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const CycleConnection = ConnectionType(CycleModel, 'Cycle');

@ObjectType('ChecklistItem', { description: 'One ISO/IEC 42001 clause in a cycle’s checklist.' })
export class ChecklistItemModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  requirementUrn: string;

  @Field({ description: 'Clause number, e.g. 6.1.3.' })
  refId: string;

  @Field()
  title: string;

  @Field(() => PdcaPhase)
  phase: PdcaPhase;

  @Field(() => ChecklistStatus)
  status: ChecklistStatus;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => String, { nullable: true })
  notes: string | null;

  @Field(() => Date, { nullable: true })
  statusChangedAt: Date | null;

  @Field()
  updatedAt: Date;
}

@ObjectType('SoAEntry', { description: 'One control in a Statement of Applicability (ISO/IEC 42001 6.1.3).' })
export class SoAEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  controlUrn: string;

  @Field({ description: 'Control number, e.g. A.6.2.4.' })
  refId: string;

  @Field()
  title: string;

  @Field(() => SoAEntryOrigin)
  origin: SoAEntryOrigin;

  @Field(() => Boolean, { nullable: true, description: 'Null until decided.' })
  applicable: boolean | null;

  @Field(() => String, { nullable: true })
  justification: string | null;

  @Field(() => ImplementationStatus, { nullable: true })
  implementationStatus: ImplementationStatus | null;

  @Field(() => [ID])
  linkedRiskIds: string[];

  @Field({ description: 'Copied from the previous cycle: confirm it with setSoAEntry.' })
  carriedOver: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'The entry of the previous cycle this one was copied from.',
  })
  carriedFromId: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => ID, { nullable: true })
  decidedById: string | null;

  @Field()
  updatedAt: Date;
}

@ObjectType('InternalAudit', { description: 'An internal audit of the AIMS (ISO/IEC 42001 9.2).' })
export class InternalAuditModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  title: string;

  @Field()
  scope: string;

  @Field(() => ID)
  leadAuditorId: string;

  @Field()
  plannedStartAt: Date;

  @Field(() => Date, { nullable: true })
  plannedEndAt: Date | null;

  @Field(() => InternalAuditStatus)
  status: InternalAuditStatus;

  @Field(() => Date, { nullable: true })
  performedStartAt: Date | null;

  @Field(() => Date, { nullable: true })
  performedEndAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true })
  conclusion: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('AuditFinding', { description: 'What an internal audit found.' })
export class AuditFindingModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  auditId: string;

  @Field(() => ID)
  cycleId: string;

  @Field(() => FindingType)
  type: FindingType;

  @Field(() => [String])
  requirementUrns: string[];

  @Field()
  description: string;

  @Field({ description: 'USER or API_KEY.' })
  recordedByType: string;

  @Field(() => ID, { nullable: true })
  recordedById: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('Nonconformity', { description: 'A nonconformity and its handling (ISO/IEC 42001 10.2).' })
export class NonconformityModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field(() => NonconformitySource)
  source: NonconformitySource;

  @Field(() => ID, { nullable: true })
  findingId: string | null;

  @Field(() => ID, { nullable: true })
  managementReviewId: string | null;

  @Field(() => String, { nullable: true })
  reference: string | null;

  @Field()
  description: string;

  @Field(() => NonconformitySeverity)
  severity: NonconformitySeverity;

  @Field(() => [String])
  requirementUrns: string[];

  @Field(() => String, { nullable: true })
  rootCause: string | null;

  @Field(() => NonconformityStatus)
  status: NonconformityStatus;

  @Field({ description: 'USER or API_KEY.' })
  raisedByType: string;

  @Field(() => ID, { nullable: true })
  raisedById: string | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why no corrective action was needed, when it was closed by that decision (42001 10.2 b).',
  })
  noActionReason: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The nonconformity of the previous cycle this one continues.',
  })
  carriedFromId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('CorrectiveAction', {
  description: 'An action on the cause of a nonconformity (ISO/IEC 42001 10.2).',
})
export class CorrectiveActionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  nonconformityId: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  description: string;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field()
  dueAt: Date;

  @Field(() => CorrectiveActionStatus)
  status: CorrectiveActionStatus;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'The effectiveness check, once completed.' })
  effective: boolean | null;

  @Field(() => String, { nullable: true })
  effectivenessNotes: string | null;

  @Field(() => String, { nullable: true })
  verifiedByType: string | null;

  @Field(() => ID, { nullable: true })
  verifiedById: string | null;

  @Field(() => ID, { nullable: true, description: 'The action of the previous cycle this one continues.' })
  carriedFromId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('ManagementReviewInput', {
  description: 'Whether a management review considered one 9.3.2 input.',
})
export class ManagementReviewInputModel {
  @Field(() => ManagementReviewTopic)
  topic: ManagementReviewTopic;

  @Field({ description: 'What the topic covers.' })
  description: string;

  @Field()
  covered: boolean;

  @Field(() => String, { nullable: true })
  notes: string | null;
}

@ObjectType('ManagementReviewAction')
export class ManagementReviewActionModel {
  @Field()
  description: string;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => Date, { nullable: true })
  dueAt: Date | null;
}

@ObjectType('ManagementReview', { description: 'A management review of the AIMS (ISO/IEC 42001 9.3).' })
export class ManagementReviewModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cycleId: string;

  @Field()
  heldAt: Date;

  @Field(() => [String])
  attendees: string[];

  @Field(() => [String])
  decisions: string[];

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field({ description: 'USER or API_KEY.' })
  recordedByType: string;

  @Field(() => ID, { nullable: true })
  recordedById: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('CarriedRisk', {
  description: 'A risk that was accepted when the previous cycle closed, to be re-confirmed in this one.',
})
export class CarriedRiskModel {
  @Field(() => ID)
  riskId: string;

  @Field(() => ID)
  originCycleId: string;

  @Field(() => Date, { nullable: true, description: 'The acceptance expiry when it was carried over.' })
  acceptedUntil: Date | null;

  @Field()
  carriedAt: Date;
}

@ObjectType()
export class CreateCyclePayload {
  @Field(() => CycleModel)
  cycle: CycleModel;
}

@ObjectType()
export class UpdateCyclePayload {
  @Field(() => CycleModel)
  cycle: CycleModel;
}

@ObjectType()
export class AdvanceCyclePayload {
  @Field(() => CycleModel, { description: 'The cycle, in its new phase.' })
  cycle: CycleModel;

  @Field(() => PhaseGate, {
    description: 'The gate as evaluated; unmet criteria appear only when overridden.',
  })
  gate: PhaseGate;

  @Field()
  overridden: boolean;

  @Field(() => CycleModel, { nullable: true, description: 'Opened when the cycle closed.' })
  nextCycle: CycleModel | null;
}

@ObjectType()
export class UpdateChecklistItemPayload {
  @Field(() => ChecklistItemModel)
  checklistItem: ChecklistItemModel;
}

@ObjectType()
export class SetSoAEntryPayload {
  @Field(() => SoAEntryModel)
  soaEntry: SoAEntryModel;
}

@ObjectType()
export class AddSoAControlPayload {
  @Field(() => SoAEntryModel)
  soaEntry: SoAEntryModel;
}

@ObjectType()
export class CreateInternalAuditPayload {
  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}

@ObjectType()
export class CompleteInternalAuditPayload {
  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}

@ObjectType()
export class AddAuditFindingPayload {
  @Field(() => AuditFindingModel)
  finding: AuditFindingModel;

  @Field(() => InternalAuditModel)
  audit: InternalAuditModel;
}

@ObjectType()
export class RaiseNonconformityPayload {
  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class UpdateNonconformityPayload {
  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class AddCorrectiveActionPayload {
  @Field(() => CorrectiveActionModel)
  correctiveAction: CorrectiveActionModel;

  @Field(() => NonconformityModel)
  nonconformity: NonconformityModel;
}

@ObjectType()
export class CompleteCorrectiveActionPayload {
  @Field(() => CorrectiveActionModel)
  correctiveAction: CorrectiveActionModel;

  @Field(() => NonconformityModel, { description: 'CLOSED when this action closed it.' })
  nonconformity: NonconformityModel;
}

@ObjectType()
export class RecordManagementReviewPayload {
  @Field(() => ManagementReviewModel)
  managementReview: ManagementReviewModel;
}
