import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogService, PdcaPhase, RequirementKind } from '@aims/catalog';
import { ChecklistStatus } from '../checklist/checklist.enums';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { Cycle } from './cycle.entity';
import { SoAEntryOrigin } from '../soa/soa.enums';
import { SoAEntry } from '../soa/soa-entry.entity';

export const ISO_42001_FRAMEWORK_URN = 'urn:aims:framework:iso-iec-42001:2023';

/** What a new cycle starts with, generated from the catalog: the clause checklist and the SoA. */
@Injectable()
export class CycleContent {
  constructor(private readonly catalog: CatalogService) {}

  /** 42001 clauses 4–10 with their sub-clauses and phase, in document order. Returns how many. */
  async generateChecklist(manager: EntityManager, cycle: Cycle): Promise<number> {
    const clauses = (
      await this.catalog.requirementsOf(cycle.organisationId, ISO_42001_FRAMEWORK_URN, {
        kind: RequirementKind.CLAUSE,
      })
    ).filter((r) => r.pdcaPhase !== null);
    await manager.getRepository(ChecklistItem).insert(
      clauses.map((r) => ({
        organisationId: cycle.organisationId,
        cycleId: cycle.id,
        requirementUrn: r.urn,
        refId: r.refId,
        title: r.title,
        phase: r.pdcaPhase as PdcaPhase,
        position: r.position,
        status: ChecklistStatus.NOT_STARTED,
      })),
    );
    return clauses.length;
  }

  /**
   * One entry per Annex A control, plus, when continuing a cycle, every entry of its SoA with the decision
   * kept as a draft (`carriedOver`) until confirmed. Returns how many.
   */
  async generateSoA(manager: EntityManager, cycle: Cycle, previous: SoAEntry[]): Promise<number> {
    const controls = await this.catalog.requirementsOf(cycle.organisationId, ISO_42001_FRAMEWORK_URN, {
      kind: RequirementKind.CONTROL,
    });
    const carried = previous.map((e) => ({
      organisationId: cycle.organisationId,
      cycleId: cycle.id,
      controlUrn: e.controlUrn,
      refId: e.refId,
      title: e.title,
      origin: e.origin,
      position: e.position,
      applicable: e.applicable,
      justification: e.justification,
      implementationStatus: e.implementationStatus,
      linkedRiskIds: e.linkedRiskIds,
      carriedOver: e.applicable !== null,
      carriedFromId: e.id,
      decidedAt: e.decidedAt,
      decidedById: e.decidedById,
    }));
    const listed = new Set(previous.map((e) => e.controlUrn));
    const fresh = controls
      .filter((r) => !listed.has(r.urn))
      .map((r) => ({
        organisationId: cycle.organisationId,
        cycleId: cycle.id,
        controlUrn: r.urn,
        refId: r.refId,
        title: r.title,
        origin: SoAEntryOrigin.ANNEX_A,
        position: r.position,
        linkedRiskIds: [],
        carriedOver: false,
      }));
    const rows = [...carried, ...fresh];
    if (rows.length > 0) await manager.getRepository(SoAEntry).insert(rows);
    return rows.length;
  }
}
