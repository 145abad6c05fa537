import { toCsv } from './csv';
import { PackContent, PackRiskScore } from './pack-content';
import { PlacedEvidence } from './oscal-common';

const list = (values: string[]) => values.join('; ');

export function soaCsv(c: PackContent): string {
  return toCsv(
    [
      'control_urn',
      'ref_id',
      'title',
      'applicable',
      'justification',
      'implementation_status',
      'evidence_item_ids',
      'risk_ids',
    ],
    c.soa.map((e) => [
      e.controlUrn,
      e.refId,
      e.title,
      e.applicable,
      e.justification,
      e.implementationStatus,
      list(e.evidenceItemIds),
      list(e.riskIds),
    ]),
  );
}

export function riskRegisterCsv(c: PackContent): string {
  const score = (s: PackRiskScore | null) =>
    s ? [s.likelihood, s.consequence, s.level, s.levelLabel] : [null, null, null, null];
  return toCsv(
    [
      'risk_id',
      'title',
      'description',
      'status',
      'owner',
      'ai_systems',
      'risk_source_urns',
      'taxonomy_urns',
      'inherent_likelihood',
      'inherent_consequence',
      'inherent_level',
      'inherent_level_label',
      'residual_likelihood',
      'residual_consequence',
      'residual_level',
      'residual_level_label',
      'treatment_option',
      'control_urns',
      'accepted_by',
      'accepted_at',
      'acceptance_expires_at',
      'acceptance_rationale',
      'next_review_at',
      'last_assessed_at',
    ],
    c.risks.map((r) => [
      r.id,
      r.title,
      r.description,
      r.status,
      r.ownerName,
      list(r.aiSystemNames),
      list(r.riskSourceUrns),
      list(r.taxonomyUrns),
      ...score(r.inherent),
      ...score(r.residual),
      r.treatmentOption,
      list(r.controlUrns),
      r.acceptance?.acceptedBy,
      r.acceptance?.acceptedAt,
      r.acceptance?.expiresAt,
      r.acceptance?.rationale,
      r.nextReviewAt,
      r.lastAssessedAt,
    ]),
  );
}

export function evidenceIndexCsv(evidence: PlacedEvidence[]): string {
  return toCsv(
    [
      'path',
      'item_id',
      'version',
      'title',
      'kind',
      'status',
      'sha256',
      'size',
      'media_type',
      'original_name',
      'uploaded_at',
      'valid_from',
      'valid_until',
      'reviewer',
      'reviewed_at',
      'requirement_urns',
    ],
    evidence.map(({ file: f, path }) => [
      path,
      f.itemId,
      f.version,
      f.title,
      f.kind,
      f.status,
      f.sha256,
      f.size,
      f.mediaType,
      f.originalName,
      f.uploadedAt,
      f.validFrom,
      f.validUntil,
      f.reviewerName,
      f.reviewedAt,
      list(f.requirementUrns),
    ]),
  );
}

/**
 * One row per (requirement or control, evidence version): the coverage of every framework in scope, then
 * the SoA. A requirement without evidence still gets one row, with the evidence columns empty.
 */
export function controlsToEvidenceCsv(c: PackContent, evidence: PlacedEvidence[]): string {
  const byItem = new Map<string, PlacedEvidence[]>();
  for (const e of evidence) byItem.set(e.file.itemId, [...(byItem.get(e.file.itemId) ?? []), e]);
  const rows = (
    source: string,
    framework: string,
    urn: string,
    refId: string,
    status: string,
    itemIds: string[],
  ) => {
    const placed = itemIds.flatMap((id) => byItem.get(id) ?? []);
    if (!placed.length) return [[source, framework, urn, refId, status, null, null, null, null]];
    return placed.map((e) => [
      source,
      framework,
      urn,
      refId,
      status,
      e.file.itemId,
      e.file.version,
      e.file.sha256,
      e.path,
    ]);
  };
  return toCsv(
    [
      'source',
      'framework_urn',
      'requirement_urn',
      'ref_id',
      'status',
      'evidence_item_id',
      'evidence_version',
      'evidence_sha256',
      'evidence_path',
    ],
    [
      ...c.coverage.flatMap((f) =>
        f.requirements.flatMap((r) =>
          rows('coverage', f.frameworkUrn, r.urn, r.refId, r.status, r.evidenceItemIds),
        ),
      ),
      ...c.soa.flatMap((e) =>
        rows('soa', '', e.controlUrn, e.refId, e.implementationStatus, e.evidenceItemIds),
      ),
    ],
  );
}

/** One row per corrective action; a nonconformity without one gets a row with the action columns empty. */
export function nonconformitiesCsv(c: PackContent): string {
  return toCsv(
    [
      'nonconformity_id',
      'title',
      'severity',
      'status',
      'source',
      'root_cause',
      'raised_at',
      'action_id',
      'action_description',
      'action_owner',
      'action_due_at',
      'action_status',
      'action_completed_at',
      'action_effective',
    ],
    c.nonconformities.flatMap((n) => {
      const head = [n.id, n.title, n.severity, n.status, n.source, n.rootCause, n.raisedAt];
      if (!n.correctiveActions.length) return [[...head, null, null, null, null, null, null, null]];
      return n.correctiveActions.map((a) => [
        ...head,
        a.id,
        a.description,
        a.ownerName,
        a.dueAt,
        a.status,
        a.completedAt,
        a.effective,
      ]);
    }),
  );
}
