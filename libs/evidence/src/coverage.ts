import { MappingRelationship } from '@aims/catalog';

/** Coverage of one requirement (rules in libs/catalog/data/README.md, "Relationships and coverage"). */
export enum CoverageStatus {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
  NONE = 'NONE',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

/** Where a requirement's coverage comes from. */
export enum CoverageBasis {
  /** Its own checklist / SoA status and the accepted evidence linked to it. */
  OWN = 'OWN',
  /** Carried over a mapping from another requirement's own coverage. */
  MAPPING = 'MAPPING',
  NONE = 'NONE',
}

/**
 * A requirement's stated status: a cycle's checklist or SoA status (as the cycles domain reports it), or the
 * organisation's conformity statement for a requirement outside them (setRequirementStatus).
 */
export type ImplementationStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'IMPLEMENTED' | 'NOT_APPLICABLE';
export type ImplementationSource = 'CHECKLIST' | 'SOA' | 'STATEMENT';

export interface Implementation {
  status: ImplementationStatus;
  source: ImplementationSource;
  entityId: string;
}

export interface RequirementRef {
  urn: string;
  refId: string;
  title: string;
  /** Short name of its framework, for reasons: `ISO/IEC 42001`. */
  framework: string;
}

/** What a requirement has of its own in the cycle. */
export interface OwnAssessment {
  implementation: Implementation | null;
  /** Accepted evidence in force, linked to the requirement or to its checklist item / SoA entry. */
  evidenceItemIds: string[];
}

export interface MappedRequirement {
  requirement: RequirementRef;
  /** The relationship of the mapped requirement TO the requirement being assessed. */
  relationship: MappingRelationship;
  own: OwnAssessment;
}

export interface CoverageTarget {
  requirement: RequirementRef;
  own: OwnAssessment;
  mappings: MappedRequirement[];
}

export interface CoveragePath {
  requirement: RequirementRef;
  relationship: MappingRelationship;
  implementationStatus: ImplementationStatus | null;
  evidenceCount: number;
  /** The mapped requirement's own coverage. */
  sourceStatus: CoverageStatus;
  /** What the mapping carries to the assessed requirement; NONE for RELATED (informative only). */
  carried: CoverageStatus;
}

export interface RequirementCoverage {
  requirement: RequirementRef;
  status: CoverageStatus;
  basis: CoverageBasis;
  implementation: Implementation | null;
  evidenceItemIds: string[];
  /** Human-readable justification, e.g. `EU AI Act Art. 9 ← INTERSECT ← ISO/IEC 42001 6.1.2 (IMPLEMENTED, 1 evidence)`. */
  reason: string;
  /** The mapped requirements that carried the status, then those that only inform (RELATED). */
  paths: CoveragePath[];
}

export interface CoverageSummary {
  total: number;
  full: number;
  partial: number;
  none: number;
  notApplicable: number;
  /** (FULL + 0.5 × PARTIAL) / (total − NOT_APPLICABLE) × 100, one decimal; null when nothing applies. */
  percentage: number | null;
}

const RANK: Record<CoverageStatus, number> = {
  [CoverageStatus.NOT_APPLICABLE]: -1,
  [CoverageStatus.NONE]: 0,
  [CoverageStatus.PARTIAL]: 1,
  [CoverageStatus.FULL]: 2,
};

/**
 * A requirement's own coverage. The stated status is the claim and accepted evidence in force the proof:
 * IMPLEMENTED with evidence is FULL; IMPLEMENTED without evidence (a claim an auditor cannot check),
 * IN_PROGRESS, or NOT_STARTED with evidence are PARTIAL. A requirement with no stated status at all (outside
 * the checklist and SoA, and no conformity statement) is at most PARTIAL: evidence accepted for part of it
 * does not say the whole requirement is met; only a conformity statement of IMPLEMENTED can.
 */
export function ownStatus(own: OwnAssessment): CoverageStatus {
  const evidenced = own.evidenceItemIds.length > 0;
  switch (own.implementation?.status) {
    case 'NOT_APPLICABLE':
      return CoverageStatus.NOT_APPLICABLE;
    case 'IMPLEMENTED':
      return evidenced ? CoverageStatus.FULL : CoverageStatus.PARTIAL;
    case 'IN_PROGRESS':
      return CoverageStatus.PARTIAL;
    case 'NOT_STARTED':
      return evidenced ? CoverageStatus.PARTIAL : CoverageStatus.NONE;
    default:
      return evidenced ? CoverageStatus.PARTIAL : CoverageStatus.NONE;
  }
}

/** The most a mapping can carry, by the mapped requirement's relationship to the assessed one. */
const CAP: Record<MappingRelationship, CoverageStatus> = {
  // The mapped requirement is the same as, or contains, the assessed one: meeting it meets the assessed one.
  [MappingRelationship.EQUAL]: CoverageStatus.FULL,
  [MappingRelationship.SUPERSET]: CoverageStatus.FULL,
  // Only part of the assessed requirement is met.
  [MappingRelationship.SUBSET]: CoverageStatus.PARTIAL,
  [MappingRelationship.INTERSECT]: CoverageStatus.PARTIAL,
  // Informative only.
  [MappingRelationship.RELATED]: CoverageStatus.NONE,
};

/** What a mapped requirement with `source` coverage carries: the lesser of it and the relationship's cap. */
export function carriedStatus(source: CoverageStatus, relationship: MappingRelationship): CoverageStatus {
  if (source === CoverageStatus.NOT_APPLICABLE) return CoverageStatus.NONE;
  const cap = CAP[relationship];
  return RANK[source] < RANK[cap] ? source : cap;
}

const label = (r: RequirementRef) => `${r.framework} ${r.refId}`;

const SOURCE_LABEL: Record<ImplementationSource, string> = {
  CHECKLIST: 'checklist',
  SOA: 'SoA',
  STATEMENT: 'conformity statement',
};

function describeOwn(own: OwnAssessment): string {
  const evidence = `${own.evidenceItemIds.length} accepted evidence`;
  if (!own.implementation) {
    return `${evidence}, evidence only (capped at PARTIAL): no checklist, SoA or conformity statement`;
  }
  return `${SOURCE_LABEL[own.implementation.source]} ${own.implementation.status}, ${evidence}`;
}

function describePath(target: RequirementRef, path: CoveragePath): string {
  const status = path.implementationStatus ?? 'no cycle status';
  return `${label(target)} ← ${path.relationship} ← ${label(path.requirement)} (${status}, ${path.evidenceCount} evidence)`;
}

/**
 * One requirement's coverage: its own assessment decides whenever it says anything (FULL, PARTIAL or
 * NOT_APPLICABLE); only a requirement whose own assessment gives NONE borrows from its mappings, taking
 * the best that any mapped requirement's OWN coverage carries (one hop: derived coverage is never carried
 * further, so approximations do not compound).
 */
export function coverRequirement(target: CoverageTarget): RequirementCoverage {
  const own = ownStatus(target.own);
  const base = {
    requirement: target.requirement,
    implementation: target.own.implementation,
    evidenceItemIds: target.own.evidenceItemIds,
  };
  const paths: CoveragePath[] = target.mappings
    .map((m) => {
      const sourceStatus = ownStatus(m.own);
      return {
        requirement: m.requirement,
        relationship: m.relationship,
        implementationStatus: m.own.implementation?.status ?? null,
        evidenceCount: m.own.evidenceItemIds.length,
        sourceStatus,
        carried: carriedStatus(sourceStatus, m.relationship),
      };
    })
    .filter((p) => p.sourceStatus === CoverageStatus.FULL || p.sourceStatus === CoverageStatus.PARTIAL)
    .sort(
      (a, b) => RANK[b.carried] - RANK[a.carried] || label(a.requirement).localeCompare(label(b.requirement)),
    );

  if (own !== CoverageStatus.NONE) {
    return {
      ...base,
      status: own,
      basis: CoverageBasis.OWN,
      reason: `own: ${describeOwn(target.own)}`,
      paths: [],
    };
  }
  const best = paths.reduce((max, p) => (RANK[p.carried] > RANK[max] ? p.carried : max), CoverageStatus.NONE);
  const carrying = paths.filter((p) => p.carried !== CoverageStatus.NONE && p.carried === best);
  const informative = paths.filter((p) => p.carried === CoverageStatus.NONE);
  const shown = [...carrying, ...informative];
  if (best !== CoverageStatus.NONE) {
    const extra = informative.length
      ? `; informative: ${informative.map((p) => describePath(target.requirement, p)).join('; ')}`
      : '';
    return {
      ...base,
      status: best,
      basis: CoverageBasis.MAPPING,
      reason: `${carrying.map((p) => describePath(target.requirement, p)).join('; ')}${extra}`,
      paths: shown,
    };
  }
  const ownPart = target.own.implementation
    ? `own: ${describeOwn(target.own)}`
    : 'no cycle status and no accepted evidence';
  const mapped = target.mappings.length
    ? informative.length
      ? `; informative: ${informative.map((p) => describePath(target.requirement, p)).join('; ')}`
      : `; ${target.mappings.length} mapped requirement(s), none covered`
    : '; no mapped requirement';
  return {
    ...base,
    status: CoverageStatus.NONE,
    basis: CoverageBasis.NONE,
    reason: `${ownPart}${mapped}`,
    paths: shown,
  };
}

/** Counts per status and the percentage FULL + ½ PARTIAL over the applicable requirements. */
export function summarise(statuses: readonly CoverageStatus[]): CoverageSummary {
  const count = (s: CoverageStatus) => statuses.filter((x) => x === s).length;
  const summary = {
    total: statuses.length,
    full: count(CoverageStatus.FULL),
    partial: count(CoverageStatus.PARTIAL),
    none: count(CoverageStatus.NONE),
    notApplicable: count(CoverageStatus.NOT_APPLICABLE),
  };
  const applicable = summary.total - summary.notApplicable;
  const percentage =
    applicable === 0 ? null : Math.round(((summary.full + 0.5 * summary.partial) / applicable) * 1000) / 10;
  return { ...summary, percentage };
}

export function computeCoverage(targets: readonly CoverageTarget[]): {
  requirements: RequirementCoverage[];
  summary: CoverageSummary;
} {
  const requirements = targets.map(coverRequirement);
  return { requirements, summary: summarise(requirements.map((r) => r.status)) };
}
