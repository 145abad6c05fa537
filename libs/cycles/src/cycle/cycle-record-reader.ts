import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { rowsAsOf } from '@aims/audit-log';
import { isUuid, NotFound, unique } from '@aims/platform';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { CycleCarriedRisk } from './cycle-carried-risk.entity';
import { Cycle } from './cycle.entity';
import { SoAEntry } from '../soa/soa-entry.entity';
import { soaRequirementStatus } from '../soa/soa-decision';

export interface RequirementStatusRow {
  urn: string;
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'IMPLEMENTED' | 'NOT_APPLICABLE';
  source: 'CHECKLIST' | 'SOA';
  entityId: string;
}

/** Records of a cycle that other domains (evidence) may link to, by the type names they use. */
const LINK_TARGETS = {
  SOA_ENTRY: { entity: SoAEntry, name: 'SoAEntry' },
  CHECKLIST_ITEM: { entity: ChecklistItem, name: 'ChecklistItem' },
  AUDIT_FINDING: { entity: AuditFinding, name: 'AuditFinding' },
} as const;

/** What an SoA entry's requirement status derives from (soaRequirementStatus). */
const SOA_STATUS_FIELDS = ['applicable', 'implementationStatus'] as const;

/** Reads of cycle records for other domains (the evidence library) and for per-request loaders. */
@Injectable()
export class CycleRecordReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * For the evidence library: NOT_FOUND (entity SoAEntry, ChecklistItem or AuditFinding) for the first
   * target that is missing or belongs to another organisation.
   */
  async assertLinkTargets(
    organisationId: string,
    targets: { type: 'SOA_ENTRY' | 'CHECKLIST_ITEM' | 'AUDIT_FINDING'; id: string }[],
  ): Promise<void> {
    const found = new Set<string>();
    for (const type of unique(targets.map((t) => t.type))) {
      const ids = unique(targets.filter((t) => t.type === type && isUuid(t.id)).map((t) => t.id));
      if (ids.length === 0) continue;
      const rows = await this.dataSource
        .getRepository(LINK_TARGETS[type].entity)
        .find({ select: { id: true }, where: { organisationId, id: In(ids) } });
      for (const row of rows) found.add(`${type}:${row.id}`);
    }
    const missing = targets.find((t) => !found.has(`${t.type}:${t.id}`));
    if (missing) throw new NotFound(LINK_TARGETS[missing.type].name, missing.id);
  }

  /**
   * For the evidence library's coverage: one row per checklist item (clause URN, its status) and per SoA
   * entry (control URN; NOT_APPLICABLE when excluded, else its implementation status). With `asOf` (an
   * evidence pack), as they stood then: rows created by `asOf`, with changes audited after it rolled back.
   * NOT_FOUND for a missing or foreign cycle.
   */
  async requirementStatuses(
    organisationId: string,
    cycleId: string,
    asOf?: Date,
  ): Promise<RequirementStatusRow[]> {
    if (
      !isUuid(cycleId) ||
      !(await this.dataSource.getRepository(Cycle).existsBy({ organisationId, id: cycleId }))
    ) {
      throw new NotFound('Cycle', cycleId);
    }
    const where = { organisationId, cycleId, ...(asOf ? { createdAt: LessThanOrEqual(asOf) } : {}) };
    const [current, currentSoa] = await Promise.all([
      this.dataSource.getRepository(ChecklistItem).find({ where, order: { position: 'ASC' } }),
      this.dataSource.getRepository(SoAEntry).find({ where, order: { position: 'ASC' } }),
    ]);
    const manager = this.dataSource.manager;
    const checklist = asOf
      ? await rowsAsOf(manager, organisationId, 'ChecklistItem', current, ['status'], asOf)
      : current;
    const soa = asOf
      ? await rowsAsOf(manager, organisationId, 'SoAEntry', currentSoa, SOA_STATUS_FIELDS, asOf)
      : currentSoa;
    return [
      ...checklist.map((i) => ({
        urn: i.requirementUrn,
        status: i.status,
        source: 'CHECKLIST' as const,
        entityId: i.id,
      })),
      ...soa.map((e) => ({
        urn: e.controlUrn,
        status: soaRequirementStatus(e),
        source: 'SOA' as const,
        entityId: e.id,
      })),
    ];
  }

  /** Accepted risks carried into the given cycles, for per-request loaders. */
  carriedRisksOf(organisationId: string, cycleIds: readonly string[]): Promise<CycleCarriedRisk[]> {
    return this.dataSource.getRepository(CycleCarriedRisk).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
