import { Injectable } from '@nestjs/common';
import { CatalogService, invertRelationship, Requirement } from '@aims/catalog';
import { Actor, Clock, unique } from '@aims/platform';
import {
  computeCoverage,
  CoverageTarget,
  ImplementationSource,
  ImplementationStatus,
  OwnAssessment,
  RequirementCoverage,
  RequirementRef,
} from './coverage';
import {
  CoverageImplementationSource,
  CoverageImplementationStatus,
  FrameworkCoverage,
  RequirementCoverageModel,
} from './coverage.model';
import { CycleRecords } from './cycle-records';
import { EvidenceLinkTargetType } from './evidence.enums';
import { EvidenceReader, InForceLink } from './evidence-reader';
import { RequirementStatusService } from './requirement-status/requirement-status.service';

/** Where coverage finds the accepted evidence in force for requirements and cycle records. */
export type InForceLinkSource = (
  requirementUrns: string[],
  cycleEntityIds: string[],
) => Promise<InForceLink[]>;

/**
 * Gathers what coverage needs — the framework's assessable requirements, the cycle's checklist and SoA
 * statuses, mappings in both directions, accepted evidence in force — in a fixed number of statements,
 * and hands it to the pure derivation in coverage.ts.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly cycles: CycleRecords,
    private readonly evidence: EvidenceReader,
    private readonly statements: RequirementStatusService,
    private readonly clock: Clock,
  ) {}

  /**
   * Coverage of `frameworkUrn` in the cycle now, with the evidence in force now. An evidence pack passes
   * `pastAt`: coverage as it stood at `pastAt.asOf`, with statuses (checklist, SoA, statements) as they
   * stood then and only the links and acceptances `pastAt.inForce` says were recorded by then.
   */
  async coverage(
    actor: Actor,
    frameworkUrn: string,
    cycleId: string,
    pastAt?: { asOf: Date; inForce: InForceLinkSource },
  ): Promise<FrameworkCoverage> {
    const org = actor.organisationId;
    const now = pastAt?.asOf ?? this.clock.now();
    const asOf = pastAt?.asOf;
    const framework = await this.catalog.findFramework(org, frameworkUrn);
    const statuses = await this.cycles.requirementStatuses(org, cycleId, asOf);
    const requirements = await this.catalog.requirementsIn(org, [framework.id], { assessable: true });
    const mappings = await this.catalog.mappingsFor(
      org,
      requirements.map((r) => r.id),
    );
    const otherIds = unique([...mappings.values()].flat().map((m) => m.otherRequirementId));
    const others = otherIds.length ? await this.catalog.requirementsByIds(org, otherIds) : [];
    const frameworkIds = unique(others.map((r) => r.frameworkId).filter((id) => id !== framework.id));
    const frameworks = new Map(
      [framework, ...(frameworkIds.length ? await this.catalog.frameworksByIds(org, frameworkIds) : [])].map(
        (f) => [f.id, f.shortName ?? f.name],
      ),
    );

    const urnsToAssess = unique([...requirements, ...others].map((r) => r.urn));
    const statusByUrn = new Map<
      string,
      { status: ImplementationStatus; source: ImplementationSource; entityId: string }
    >(
      (await this.statements.forUrns(org, urnsToAssess, asOf)).map((s) => [
        s.requirementUrn,
        { status: s.status, source: 'STATEMENT', entityId: s.id },
      ]),
    );
    // The cycle's own checklist and SoA come first.
    for (const s of statuses) statusByUrn.set(s.urn, s);
    const urnByEntity = new Map(statuses.map((s) => [s.entityId, s.urn]));
    const entityIds = statuses.map((s) => s.entityId);
    const links = pastAt
      ? await pastAt.inForce(urnsToAssess, entityIds)
      : await this.evidence.inForceLinks(org, urnsToAssess, entityIds, now);
    const evidenceByUrn = new Map<string, Set<string>>();
    for (const link of links) {
      const urn =
        link.targetType === EvidenceLinkTargetType.REQUIREMENT
          ? link.targetId
          : urnByEntity.get(link.targetId);
      if (!urn) continue;
      const set = evidenceByUrn.get(urn) ?? new Set<string>();
      set.add(link.evidenceItemId);
      evidenceByUrn.set(urn, set);
    }

    const ref = (r: Requirement): RequirementRef => ({
      urn: r.urn,
      refId: r.refId,
      title: r.title,
      framework: frameworks.get(r.frameworkId) ?? '',
    });
    const own = (urn: string): OwnAssessment => {
      const status = statusByUrn.get(urn);
      return {
        implementation: status
          ? { status: status.status, source: status.source, entityId: status.entityId }
          : null,
        evidenceItemIds: [...(evidenceByUrn.get(urn) ?? [])].sort(),
      };
    };
    const otherById = new Map(others.map((r) => [r.id, r]));
    const targets: CoverageTarget[] = requirements.map((r) => ({
      requirement: ref(r),
      own: own(r.urn),
      mappings: (mappings.get(r.id) ?? []).flatMap((m) => {
        const other = otherById.get(m.otherRequirementId);
        // The view is read from the assessed requirement; coverage needs the other's relationship to it.
        return other
          ? [
              {
                requirement: ref(other),
                relationship: invertRelationship(m.relationship),
                own: own(other.urn),
              },
            ]
          : [];
      }),
    }));
    const result = computeCoverage(targets);
    return {
      frameworkUrn: framework.urn,
      frameworkName: framework.name,
      cycleId,
      computedAt: now,
      summary: result.summary,
      requirements: result.requirements.map(toModel),
    };
  }
}

function toModel(c: RequirementCoverage): RequirementCoverageModel {
  return {
    requirementUrn: c.requirement.urn,
    refId: c.requirement.refId,
    title: c.requirement.title,
    status: c.status,
    basis: c.basis,
    implementationStatus: (c.implementation?.status ?? null) as CoverageImplementationStatus | null,
    implementationSource: (c.implementation?.source ?? null) as CoverageImplementationSource | null,
    implementationEntityId: c.implementation?.entityId ?? null,
    evidenceCount: c.evidenceItemIds.length,
    evidenceItemIds: c.evidenceItemIds,
    reason: c.reason,
    paths: c.paths.map((p) => ({
      requirementUrn: p.requirement.urn,
      refId: p.requirement.refId,
      title: p.requirement.title,
      framework: p.requirement.framework,
      relationship: p.relationship,
      implementationStatus: p.implementationStatus as CoverageImplementationStatus | null,
      evidenceCount: p.evidenceCount,
      sourceStatus: p.sourceStatus,
      carried: p.carried,
    })),
  };
}
