import DataLoader from 'dataloader';
import { byIdLoader, childrenLoader, GraphQLContext } from '@aims/platform';
import { ChecklistItem } from './checklist/checklist-item.entity';
import { ChecklistService } from './checklist/checklist.service';
import { Cycle } from './cycle/cycle.entity';
import { CycleCarriedRisk } from './cycle/cycle-carried-risk.entity';
import { CycleGates } from './cycle/cycle-gates.service';
import { CycleRecordReader } from './cycle/cycle-record-reader';
import { CyclesService } from './cycle/cycles.service';
import { GateFacts } from './cycle/phase-gate';
import { AuditFinding } from './internal-audit/audit-finding.entity';
import { InternalAudit } from './internal-audit/internal-audit.entity';
import { InternalAuditService } from './internal-audit/internal-audit.service';
import { ManagementReview } from './management-review/management-review.entity';
import { ManagementReviewService } from './management-review/management-review.service';
import { CorrectiveAction } from './nonconformity/corrective-action.entity';
import { Nonconformity } from './nonconformity/nonconformity.entity';
import { NonconformityService } from './nonconformity/nonconformity.service';
import { SoAEntry } from './soa/soa-entry.entity';
import { SoAService } from './soa/soa.service';

/** The organisation's cycles by id. */
export function cycleLoader(
  ctx: GraphQLContext,
  cycles: CyclesService,
  organisationId: string,
): DataLoader<string, Cycle | null> {
  return byIdLoader(
    ctx,
    'cycles',
    organisationId,
    (ids) => cycles.findByIds(organisationId, ids),
    (c) => c.id,
  );
}

/** A cycle's Statement of Applicability entries, by cycle id. */
export function soaLoader(
  ctx: GraphQLContext,
  soa: SoAService,
  organisationId: string,
): DataLoader<string, SoAEntry[]> {
  return childrenLoader<SoAEntry>(
    ctx,
    'cycle-soa',
    organisationId,
    (ids) => soa.entriesOf(organisationId, ids),
    (e) => e.cycleId,
  );
}

/** A cycle's checklist items, by cycle id. */
export function checklistLoader(
  ctx: GraphQLContext,
  checklist: ChecklistService,
  organisationId: string,
): DataLoader<string, ChecklistItem[]> {
  return childrenLoader<ChecklistItem>(
    ctx,
    'cycle-checklist',
    organisationId,
    (ids) => checklist.itemsOf(organisationId, ids),
    (i) => i.cycleId,
  );
}

/** A cycle's internal audits, by cycle id. */
export function cycleAuditsLoader(
  ctx: GraphQLContext,
  audits: InternalAuditService,
  organisationId: string,
): DataLoader<string, InternalAudit[]> {
  return childrenLoader<InternalAudit>(
    ctx,
    'cycle-audits',
    organisationId,
    (ids) => audits.auditsOf(organisationId, ids),
    (a) => a.cycleId,
  );
}

/** The nonconformities raised in, or carried into, a cycle, by cycle id. */
export function cycleNonconformitiesLoader(
  ctx: GraphQLContext,
  nonconformities: NonconformityService,
  organisationId: string,
): DataLoader<string, Nonconformity[]> {
  return childrenLoader<Nonconformity>(
    ctx,
    'cycle-nonconformities',
    organisationId,
    (ids) => nonconformities.nonconformitiesOf(organisationId, ids),
    (n) => n.cycleId,
  );
}

/** A cycle's management reviews, by cycle id. */
export function cycleReviewsLoader(
  ctx: GraphQLContext,
  reviews: ManagementReviewService,
  organisationId: string,
): DataLoader<string, ManagementReview[]> {
  return childrenLoader<ManagementReview>(
    ctx,
    'cycle-reviews',
    organisationId,
    (ids) => reviews.reviewsOf(organisationId, ids),
    (r) => r.cycleId,
  );
}

/** The risks carried into a cycle, by cycle id. */
export function carriedRisksLoader(
  ctx: GraphQLContext,
  records: CycleRecordReader,
  organisationId: string,
): DataLoader<string, CycleCarriedRisk[]> {
  return childrenLoader<CycleCarriedRisk>(
    ctx,
    'cycle-carried-risks',
    organisationId,
    (ids) => records.carriedRisksOf(organisationId, ids),
    (r) => r.cycleId,
  );
}

/** What a cycle's phase gates are decided on, by cycle id. */
export function gateFactsLoader(
  ctx: GraphQLContext,
  gates: CycleGates,
  organisationId: string,
): DataLoader<string, GateFacts> {
  return ctx.loaders.get<string, GateFacts>(`cycle-gate-facts:${organisationId}`, async (ids) => {
    const found = await gates.gateFacts(organisationId, ids);
    return ids.map((id) => found.get(id) as GateFacts);
  });
}

/** An internal audit's findings, by audit id. */
export function auditFindingsLoader(
  ctx: GraphQLContext,
  audits: InternalAuditService,
  organisationId: string,
): DataLoader<string, AuditFinding[]> {
  return childrenLoader<AuditFinding>(
    ctx,
    'audit-findings',
    organisationId,
    (ids) => audits.findingsOf(organisationId, ids),
    (f) => f.auditId,
  );
}

/** The organisation's audit findings by id. */
export function findingLoader(
  ctx: GraphQLContext,
  audits: InternalAuditService,
  organisationId: string,
): DataLoader<string, AuditFinding | null> {
  return byIdLoader<AuditFinding>(
    ctx,
    'findings',
    organisationId,
    (ids) => audits.findingsByIds(organisationId, ids),
    (f) => f.id,
  );
}

/** The organisation's nonconformities by id. */
export function nonconformityLoader(
  ctx: GraphQLContext,
  nonconformities: NonconformityService,
  organisationId: string,
): DataLoader<string, Nonconformity | null> {
  return byIdLoader<Nonconformity>(
    ctx,
    'nonconformities',
    organisationId,
    (ids) => nonconformities.nonconformitiesByIds(organisationId, ids),
    (n) => n.id,
  );
}

/** The nonconformity raised from a finding, by finding id. */
export function findingNonconformityLoader(
  ctx: GraphQLContext,
  nonconformities: NonconformityService,
  organisationId: string,
): DataLoader<string, Nonconformity | null> {
  return byIdLoader<Nonconformity>(
    ctx,
    'finding-nonconformity',
    organisationId,
    (ids) => nonconformities.nonconformitiesOfFindings(organisationId, ids),
    (n) => n.findingId as string,
  );
}

/** A nonconformity's corrective actions, by nonconformity id. */
export function correctiveActionsLoader(
  ctx: GraphQLContext,
  nonconformities: NonconformityService,
  organisationId: string,
): DataLoader<string, CorrectiveAction[]> {
  return childrenLoader<CorrectiveAction>(
    ctx,
    'nonconformity-actions',
    organisationId,
    (ids) => nonconformities.actionsOf(organisationId, ids),
    (a) => a.nonconformityId,
  );
}
