import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { CatalogService, RefRule, refProblem } from '@aims/catalog';
import { Actor, actorId, BadUserInput, Clock, Conflict, NotFound } from '@aims/platform';
import { Risk, RiskReader } from '@aims/risks';
import { SoAEntryOrigin } from './soa.enums';
import { lockRecord, openCycle } from '../cycle/cycle-locks';
import { AddSoAControlInput, SetSoAEntryInput } from './soa.inputs';
import { decisionProblem } from './soa-decision';
import { SoAEntry } from './soa-entry.entity';

const DECISION_FIELDS = [
  'applicable',
  'justification',
  'implementationStatus',
  'linkedRiskIds',
  'carriedOver',
] as const;

/** The Statement of Applicability of each cycle (42001 6.1.3). */
@Injectable()
export class SoAService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
    private readonly risks: RiskReader,
  ) {}

  /** Records a decision on one entry; for an entry carried over from the previous cycle, confirms it. */
  async set(actor: Actor, input: SetSoAEntryInput): Promise<SoAEntry> {
    const byId = input.entryId !== undefined && input.entryId !== null;
    const byUrn = Boolean(input.cycleId || input.controlUrn);
    if (byId === byUrn || (byUrn && !(input.cycleId && input.controlUrn))) {
      throw BadUserInput.field('input.entryId', 'name the entry by entryId, or by cycleId and controlUrn');
    }
    const problem = decisionProblem(input);
    if (problem) throw new BadUserInput([problem]);
    return this.uow.run(actor, async (work) => {
      const entryId = byId ? (input.entryId as string) : await this.idByUrn(work.manager, actor, input);
      const { record: entry } = await lockRecord(work.manager, actor, SoAEntry, 'SoAEntry', entryId);
      const linkedRiskIds = input.linkedRiskIds ? [...new Set(input.linkedRiskIds)] : entry.linkedRiskIds;
      await this.assertRisks(work.manager, actor, linkedRiskIds);
      const decision = {
        entity: SoAEntry,
        entityType: 'SoAEntry',
        action: entry.carriedOver ? 'soa_entry.confirmed' : 'soa_entry.decided',
        fields: DECISION_FIELDS,
        always: true,
        details: (row: SoAEntry) => ({ control: row.refId, cycleId: row.cycleId }),
      };
      await changeRow(work, entry, decision, (row) => {
        Object.assign(row, {
          applicable: input.applicable,
          justification: input.justification,
          implementationStatus: input.applicable ? (input.implementationStatus ?? null) : null,
          linkedRiskIds,
          carriedOver: false,
          decidedAt: this.clock.now(),
          decidedById: actorId(actor),
        });
      });
      return entry;
    });
  }

  /** Adds a control of the organisation's choosing (42001 6.1.3: controls beyond Annex A), undecided. */
  async addControl(actor: Actor, input: AddSoAControlInput): Promise<SoAEntry> {
    const [requirement] = await this.catalog.findRequirementsByUrns(actor.organisationId, [input.controlUrn]);
    const problem = refProblem(
      RefRule.CONTROL,
      [input.controlUrn],
      new Map(requirement ? [[requirement.urn, requirement]] : []),
    );
    if (problem) throw BadUserInput.field('input.controlUrn', problem);
    return this.uow.run(actor, async (work) => {
      const cycle = await openCycle(work.manager, actor, input.cycleId);
      const repo = work.manager.getRepository(SoAEntry);
      if (await repo.existsBy({ cycleId: cycle.id, controlUrn: input.controlUrn })) {
        throw new Conflict(`${input.controlUrn} is already in the SoA of cycle ${cycle.id}`);
      }
      const last = await repo.findOne({ where: { cycleId: cycle.id }, order: { position: 'DESC' } });
      const entry = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          cycleId: cycle.id,
          controlUrn: requirement.urn,
          refId: requirement.refId,
          title: requirement.title,
          origin: SoAEntryOrigin.ADDED,
          position: (last?.position ?? 0) + 1,
          applicable: null,
          justification: null,
          implementationStatus: null,
          linkedRiskIds: [],
          carriedOver: false,
        }),
      );
      work.audit({
        action: 'soa_entry.added',
        entityType: 'SoAEntry',
        entityId: entry.id,
        changes: diffFields(null, entry, ['cycleId', 'controlUrn', 'origin']),
      });
      return entry;
    });
  }

  /** SoAs of the given cycles in order, for per-request loaders. */
  entriesOf(organisationId: string, cycleIds: readonly string[]): Promise<SoAEntry[]> {
    return this.dataSource.getRepository(SoAEntry).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { position: 'ASC' },
    });
  }

  risksByIds(organisationId: string, ids: readonly string[]): Promise<Risk[]> {
    return this.risks.findByIds(organisationId, ids);
  }

  private async idByUrn(manager: EntityManager, actor: Actor, input: SetSoAEntryInput): Promise<string> {
    const cycle = await openCycle(manager, actor, input.cycleId as string);
    const entry = await manager
      .getRepository(SoAEntry)
      .findOneBy({ organisationId: actor.organisationId, cycleId: cycle.id, controlUrn: input.controlUrn });
    if (!entry) {
      throw BadUserInput.field(
        'input.controlUrn',
        'is not in this cycle’s SoA: add it with addSoAControl first',
      );
    }
    return entry.id;
  }

  /** Linked risks belong to the organisation; a foreign id is NOT_FOUND like a missing one. */
  private async assertRisks(manager: EntityManager, actor: Actor, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set((await this.risks.findByIds(actor.organisationId, ids, manager)).map((r) => r.id));
    const missing = ids.find((id) => !known.has(id));
    if (missing) throw new NotFound('Risk', missing);
  }
}
