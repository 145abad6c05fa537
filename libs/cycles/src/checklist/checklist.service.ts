import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { diffFields, UnitOfWork } from '@aims/audit-log';
import { MembershipService } from '@aims/identity';
import { Actor, BadUserInput, Clock } from '@aims/platform';
import { UpdateChecklistItemInput } from './checklist.inputs';
import { ChecklistItem } from './checklist-item.entity';
import { lockRecord } from '../cycle/cycle-locks';
import { ChecklistStatus } from './checklist.enums';

const ITEM_FIELDS = ['status', 'ownerId', 'notes'] as const;

/** The ISO/IEC 42001 clause checklist of each cycle. */
@Injectable()
export class ChecklistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
  ) {}

  async update(actor: Actor, input: UpdateChecklistItemInput): Promise<ChecklistItem> {
    if (input.status === ChecklistStatus.NOT_APPLICABLE) {
      // 42001 clauses 4-10 are mandatory; only Annex A controls are excluded, through the SoA.
      throw BadUserInput.field(
        'input.status',
        'ISO/IEC 42001 clauses 4-10 are mandatory and cannot be NOT_APPLICABLE; only Annex A controls can be excluded, in the SoA with a justification',
      );
    }
    return this.uow.run(actor, async (work) => {
      const { record: item } = await lockRecord(
        work.manager,
        actor,
        ChecklistItem,
        'ChecklistItem',
        input.id,
      );
      if (input.ownerId) {
        await this.members.assertMembers(actor.organisationId, [
          { field: 'input.ownerId', userId: input.ownerId },
        ]);
      }
      const before = { ...item };
      if (input.status !== undefined && input.status !== item.status) {
        item.status = input.status;
        item.statusChangedAt = this.clock.now();
      }
      if (input.ownerId !== undefined) item.ownerId = input.ownerId ?? null;
      if (input.notes !== undefined) item.notes = input.notes?.trim() || null;
      const changes = diffFields(before, item, ITEM_FIELDS);
      if (Object.keys(changes).length === 0) return item;
      await work.manager.getRepository(ChecklistItem).save(item);
      work.audit({
        action: 'checklist_item.updated',
        entityType: 'ChecklistItem',
        entityId: item.id,
        changes: { ...changes, clause: item.refId, cycleId: item.cycleId },
      });
      return item;
    });
  }

  /** Checklists of the given cycles in document order, for per-request loaders. */
  itemsOf(organisationId: string, cycleIds: readonly string[]): Promise<ChecklistItem[]> {
    return this.dataSource.getRepository(ChecklistItem).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { position: 'ASC' },
    });
  }
}
