import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { changeRow, UnitOfWork } from '@aims/audit-log';
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
      const change = {
        entity: ChecklistItem,
        entityType: 'ChecklistItem',
        action: 'checklist_item.updated',
        fields: ITEM_FIELDS,
        details: (row: ChecklistItem) => ({ clause: row.refId, cycleId: row.cycleId }),
      };
      await changeRow(work, item, change, (row) => {
        if (input.status !== undefined && input.status !== row.status) {
          row.status = input.status;
          row.statusChangedAt = this.clock.now();
        }
        if (input.ownerId !== undefined) row.ownerId = input.ownerId ?? null;
        if (input.notes !== undefined) row.notes = input.notes?.trim() || null;
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
