import { Readable } from 'node:stream';

/**
 * Everything an evidence pack holds, gathered by the export job *as of* one instant and handed to the
 * pack writer, which turns it into the ZIP (manifest, sums, signature, index.html, CSVs, audit log,
 * OSCAL documents, evidence files). Plain data only: the writer never reads the database, so the same
 * content always gives the same bytes. Every list is sorted by the gatherer in a stable order (ids,
 * reference ids or sequence numbers); dates are ISO-8601 UTC strings.
 */
export interface PackContent {
  /** UUIDv5 derived from organisation, scope and asOf: the same request gives the same id. */
  packId: string;
  organisation: { id: string; name: string };
  scope: PackScope;
  generator: { name: string; version: string };
  cycle: PackCycle;
  coverage: PackFrameworkCoverage[];
  checklist: PackChecklistItem[];
  soa: PackSoAEntry[];
  riskCriteria: PackRiskCriteria;
  risks: PackRisk[];
  internalAudits: PackInternalAudit[];
  nonconformities: PackNonconformity[];
  managementReviews: PackManagementReview[];
  /** Accepted, in-date evidence versions linked to the scope, one entry per (item, version). */
  evidence: PackEvidenceFile[];
  /** The crosswalks used for coverage, written as OSCAL Control Mapping documents. */
  mappingSets: PackMappingSet[];
  /** The organisation's audit events of the period, in `seq` order, with their chain hashes. */
  auditEvents: () => AsyncIterable<PackAuditEvent>;
  /** The chain hash before the first event of the period (GENESIS_HASH when the period starts at seq 1). */
  auditChainStart: { seq: number; prevHash: string };
}

export interface PackScope {
  cycleId: string;
  frameworkUrns: string[];
  periodStart: string;
  periodEnd: string;
  asOf: string;
  includeEvidenceFiles: boolean;
}

export interface PackCycle {
  id: string;
  name: string;
  phase: string;
  periodStart: string;
  periodEnd: string;
  scopeStatement: string | null;
  aiSystems: { id: string; name: string; euAiActTier: string | null; tc260Grade: string | null }[];
}

export interface PackFrameworkCoverage {
  frameworkUrn: string;
  frameworkName: string;
  version: string | null;
  counts: { full: number; partial: number; none: number; notApplicable: number };
  requirements: PackRequirementCoverage[];
}

export interface PackRequirementCoverage {
  urn: string;
  refId: string;
  title: string;
  status: 'FULL' | 'PARTIAL' | 'NONE' | 'NOT_APPLICABLE';
  /** Human-readable reason, e.g. "implemented in the SoA with 2 accepted evidence". */
  reason: string;
  /** How the status was reached: own evidence, or mappings (requirement urn, relationship) it was carried over. */
  justificationPath: { requirementUrn: string; relationship: string | null; status: string }[];
  evidenceItemIds: string[];
}

export interface PackChecklistItem {
  clauseUrn: string;
  refId: string;
  title: string;
  pdcaPhase: string | null;
  status: string;
  ownerName: string | null;
  notes: string | null;
}

export interface PackSoAEntry {
  controlUrn: string;
  refId: string;
  title: string;
  applicable: boolean | null;
  justification: string | null;
  implementationStatus: string;
  evidenceItemIds: string[];
  riskIds: string[];
}

export interface PackRiskCriteria {
  likelihoodLabels: string[];
  consequenceLabels: string[];
  levelLabels: string[];
  /** grid[likelihood - 1][consequence - 1] = level index into levelLabels. */
  grid: number[][];
  appetiteLevel: number;
}

export interface PackRiskScore {
  likelihood: number;
  consequence: number;
  level: number;
  levelLabel: string;
}

export interface PackRisk {
  id: string;
  title: string;
  description: string | null;
  status: string;
  ownerName: string | null;
  aiSystemNames: string[];
  riskSourceUrns: string[];
  taxonomyUrns: string[];
  inherent: PackRiskScore | null;
  residual: PackRiskScore | null;
  treatmentOption: string | null;
  controlUrns: string[];
  acceptance: { acceptedBy: string; acceptedAt: string; expiresAt: string | null; rationale: string } | null;
  nextReviewAt: string | null;
  lastAssessedAt: string | null;
}

export interface PackInternalAudit {
  id: string;
  title: string;
  status: string;
  plannedAt: string | null;
  completedAt: string | null;
  findings: {
    id: string;
    kind: string;
    description: string;
    requirementUrns: string[];
    recordedAt: string;
  }[];
}

export interface PackNonconformity {
  id: string;
  title: string;
  severity: string;
  status: string;
  source: string;
  rootCause: string | null;
  raisedAt: string;
  correctiveActions: {
    id: string;
    description: string;
    ownerName: string | null;
    dueAt: string | null;
    status: string;
    completedAt: string | null;
    effective: boolean | null;
  }[];
}

export interface PackManagementReview {
  id: string;
  heldAt: string;
  attendees: string[];
  decisions: string[];
}

export interface PackEvidenceFile {
  itemId: string;
  title: string;
  kind: string;
  status: string;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  uploadedAt: string;
  validFrom: string | null;
  validUntil: string | null;
  reviewerName: string | null;
  reviewedAt: string | null;
  requirementUrns: string[];
  /** refId of the first linked requirement (sorted), used for the folder `evidence/<requirement-ref>/`. */
  primaryRequirementRef: string;
  /** The stored bytes; the writer re-hashes them while copying and fails on a mismatch. */
  open: () => Promise<Readable>;
}

export interface PackMappingSet {
  id: string;
  name: string;
  /** Short name for the file, `oscal/mapping-<slug>.json`. */
  slug: string;
  sourceFrameworkUrn: string;
  targetFrameworkUrn: string;
  provenance: string | null;
  mappings: {
    sourceUrn: string;
    targetUrn: string;
    relationship: string;
    rationale: string | null;
    strength: number | null;
  }[];
}

export interface PackAuditEvent {
  id: string;
  organisationId: string;
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actorType: string;
  actorId: string | null;
  requestId: string | null;
  occurredAt: string;
  changes: unknown;
  prevHash: string;
  hash: string;
}

/** Signs the exact bytes of manifest.json with the organisation's Ed25519 key. */
export interface PackSigner {
  keyId: string;
  publicKeyPem: string;
  sign(bytes: Buffer): Buffer;
}

/** What the writer reports as it goes (0–100) and what it produced. */
export interface PackWriteResult {
  manifestSha256: string;
  /** Files in the ZIP, manifest, signature and sums included. */
  fileCount: number;
  /**
   * Length of the ZIP bytes written to the output. The writer does not hash them: whoever keeps the ZIP
   * hashes what it receives (the storage does while staging), so the bytes are hashed once.
   */
  size: number;
}
