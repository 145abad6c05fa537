import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource, In } from 'typeorm';
import { AISystem } from '@aims/ai-systems';
import { readAuditEventsForPack, rowsAsOf } from '@aims/audit-log';
import { CatalogService, readMappingSetsForPack } from '@aims/catalog';
import { readCycleForPack } from '@aims/cycles';
import {
  CoverageService,
  EvidenceLinkTargetType,
  EvidenceStorage,
  InForceLinkSource,
  readEvidenceForPack,
} from '@aims/evidence';
import { memberNames } from '@aims/identity';
import { NotFound, Organisation, systemActor } from '@aims/platform';
import { readRisksForPack, RiskCriteriaService } from '@aims/risks';
import { ExportJob } from './export-job.entity';
import { PackContent, PackEvidenceFile, PackFrameworkCoverage, PackScope } from './pack/pack-content';
import { uuidV5 } from './pack';

/** The version of the nearest package.json above this file: the repository's, from source or from dist/. */
function generatorVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACK_GENERATOR = { name: 'AIMS', version: generatorVersion() };

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The scope a job asks for, in the form the pack records it (and the pack id is derived from). */
export function packScope(job: ExportJob): PackScope {
  return {
    cycleId: job.cycleId,
    frameworkUrns: [...job.frameworkUrns].sort(byString),
    periodStart: job.periodStart.toISOString(),
    periodEnd: job.periodEnd.toISOString(),
    asOf: job.asOf.toISOString(),
    includeEvidenceFiles: job.includeEvidenceFiles,
  };
}

/**
 * Gathers everything a pack holds, as of the job's `asOf`, from the libraries that own it. Only plain data
 * leaves here (evidence bytes are opened lazily by the writer), so the writer alone decides the bytes.
 */
@Injectable()
export class PackGatherer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly coverageService: CoverageService,
    private readonly riskCriteria: RiskCriteriaService,
    private readonly storage: EvidenceStorage,
  ) {}

  async gather(job: ExportJob): Promise<PackContent> {
    const org = job.organisationId;
    const manager = this.dataSource.manager;
    const actor = systemActor(org);
    const scope = packScope(job);
    const organisation = await manager.getRepository(Organisation).findOneByOrFail({ id: org });
    const records = await readCycleForPack(manager, org, job.cycleId, job.asOf);
    if (!records) throw new NotFound('Cycle', job.cycleId);

    // Coverage counts only evidence linked and accepted by asOf, read the way the pack's evidence is.
    const inForce: InForceLinkSource = async (requirementUrns, cycleEntityIds) =>
      (await readEvidenceForPack(manager, org, { requirementUrns, cycleEntityIds }, job.asOf)).flatMap((e) =>
        e.links.map((l) => ({ ...l, evidenceItemId: e.itemId })),
      );
    const coverage: PackFrameworkCoverage[] = [];
    for (const urn of scope.frameworkUrns) {
      const framework = await this.catalog.findFramework(org, urn);
      const result = await this.coverageService.coverage(actor, urn, job.cycleId, {
        asOf: job.asOf,
        inForce,
      });
      coverage.push({
        frameworkUrn: result.frameworkUrn,
        frameworkName: result.frameworkName,
        version: framework.version ?? null,
        counts: {
          full: result.summary.full,
          partial: result.summary.partial,
          none: result.summary.none,
          notApplicable: result.summary.notApplicable,
        },
        requirements: result.requirements.map((r) => ({
          urn: r.requirementUrn,
          refId: r.refId,
          title: r.title,
          status: r.status,
          reason: r.reason,
          justificationPath: r.paths.map((p) => ({
            requirementUrn: p.requirementUrn,
            relationship: p.relationship,
            status: p.carried,
          })),
          evidenceItemIds: [...r.evidenceItemIds].sort(byString),
        })),
      });
    }

    const criteria = await this.riskCriteria.asOf(org, job.asOf, manager);
    const risks = await readRisksForPack(manager, org, criteria, job.asOf);
    const urnOfRecord = new Map<string, { urn: string; refId: string }>([
      ...records.checklist.map((c) => [c.id, { urn: c.clauseUrn, refId: c.refId }] as const),
      ...records.soa.map((s) => [s.id, { urn: s.controlUrn, refId: s.refId }] as const),
    ]);
    const refIdOfUrn = new Map<string, string>([
      ...coverage.flatMap((f) => f.requirements.map((r) => [r.urn, r.refId] as const)),
      ...[...urnOfRecord.values()].map((r) => [r.urn, r.refId] as const),
    ]);
    const evidence = await readEvidenceForPack(
      manager,
      org,
      {
        requirementUrns: [...refIdOfUrn.keys()].sort(byString),
        cycleEntityIds: [...urnOfRecord.keys()].sort(),
      },
      job.asOf,
    );
    const aiSystemIds = [...new Set([...records.cycle.aiSystemIds, ...risks.flatMap((r) => r.aiSystemIds)])];
    // Named as they were at asOf.
    const aiSystems = await rowsAsOf(
      manager,
      org,
      'AISystem',
      aiSystemIds.length
        ? await manager
            .getRepository(AISystem)
            .find({ where: { organisationId: org, id: In(aiSystemIds) }, order: { id: 'ASC' } })
        : [],
      ['name'],
      job.asOf,
    );
    const aiSystemName = new Map(aiSystems.map((s) => [s.id, s.name]));
    const names = await memberNames(
      manager,
      org,
      [
        ...records.checklist.map((c) => c.ownerId),
        ...records.nonconformities.flatMap((n) => n.correctiveActions.map((c) => c.ownerId)),
        ...risks.flatMap((r) => [r.ownerId, r.acceptance?.acceptedById ?? null]),
        ...evidence.map((e) => e.reviewerId),
      ].filter((id): id is string => id !== null),
    );
    const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));

    const evidenceBySoa = new Map<string, string[]>();
    const files: PackEvidenceFile[] = [];
    for (const e of evidence) {
      const requirementUrns = [
        ...new Set(
          e.links.flatMap((l) => {
            if (l.targetType === EvidenceLinkTargetType.REQUIREMENT) return [l.targetId];
            if (l.targetType === EvidenceLinkTargetType.SOA_ENTRY)
              evidenceBySoa.set(l.targetId, [...(evidenceBySoa.get(l.targetId) ?? []), e.itemId]);
            const record = urnOfRecord.get(l.targetId);
            return record ? [record.urn] : [];
          }),
        ),
      ].sort(byString);
      const { sha256, size } = e;
      // LINK evidence has no file to copy; it still counts for coverage and the SoA.
      if (sha256 === null || size === null) continue;
      const refs = requirementUrns.map((u) => refIdOfUrn.get(u) ?? u).sort(byString);
      files.push({
        itemId: e.itemId,
        title: e.title,
        kind: e.kind,
        status: e.status,
        version: e.version,
        sha256,
        size,
        mediaType: e.mediaType,
        originalName: e.originalName,
        uploadedAt: e.uploadedAt,
        validFrom: e.validFrom,
        validUntil: e.validUntil,
        reviewerName: nameOf(e.reviewerId),
        reviewedAt: e.reviewedAt,
        requirementUrns,
        primaryRequirementRef: refs[0] ?? 'unlinked',
        open: () => this.storage.open(sha256),
      });
    }

    const period = await readAuditEventsForPack(
      manager,
      org,
      job.periodStart,
      job.asOf < job.periodEnd ? job.asOf : job.periodEnd,
    );

    return {
      packId: uuidV5(JSON.stringify({ organisationId: org, ...scope })),
      organisation: { id: organisation.id, name: organisation.name },
      scope,
      generator: PACK_GENERATOR,
      cycle: {
        id: records.cycle.id,
        name: records.cycle.name,
        phase: records.cycle.phase,
        periodStart: records.cycle.periodStart,
        periodEnd: records.cycle.periodEnd,
        scopeStatement: records.cycle.scopeStatement,
        aiSystems: aiSystems
          .filter((s) => records.cycle.aiSystemIds.includes(s.id))
          .map((s) => ({ id: s.id, name: s.name, euAiActTier: s.tier, tc260Grade: s.grade })),
      },
      coverage,
      checklist: records.checklist.map((c) => ({
        clauseUrn: c.clauseUrn,
        refId: c.refId,
        title: c.title,
        pdcaPhase: c.pdcaPhase,
        status: c.status,
        ownerName: nameOf(c.ownerId),
        notes: c.notes,
      })),
      soa: records.soa.map(({ id, ...s }) => ({
        ...s,
        evidenceItemIds: [...new Set(evidenceBySoa.get(id) ?? [])].sort(byString),
      })),
      riskCriteria: {
        likelihoodLabels: criteria.likelihoodScale.map((p) => p.label),
        consequenceLabels: criteria.consequenceScale.map((p) => p.label),
        levelLabels: criteria.levels.map((l) => l.label),
        grid: criteria.grid,
        appetiteLevel: criteria.appetiteLevel,
      },
      risks: risks.map(({ ownerId, aiSystemIds: ids, acceptance, ...r }) => ({
        ...r,
        ownerName: nameOf(ownerId),
        aiSystemNames: ids.map((id) => aiSystemName.get(id) ?? id).sort(byString),
        acceptance: acceptance && {
          acceptedBy: nameOf(acceptance.acceptedById) ?? acceptance.acceptedById ?? 'system',
          acceptedAt: acceptance.acceptedAt,
          expiresAt: acceptance.expiresAt,
          rationale: acceptance.rationale,
        },
      })),
      internalAudits: records.internalAudits,
      nonconformities: records.nonconformities.map((n) => ({
        ...n,
        correctiveActions: n.correctiveActions.map(({ ownerId, ...c }) => ({
          ...c,
          ownerName: nameOf(ownerId),
        })),
      })),
      managementReviews: records.managementReviews,
      evidence: job.includeEvidenceFiles ? files : [],
      mappingSets: await readMappingSetsForPack(manager, org, scope.frameworkUrns),
      auditEvents: period.events,
      auditChainStart: period.start,
    };
  }
}
