import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { PdcaPhase } from '@aims/catalog';
import { TenantEntity } from '@aims/platform';
import { ChecklistStatus } from './checklist.enums';
import { Cycle } from '../cycle/cycle.entity';

/**
 * One ISO/IEC 42001 clause (4–10 and sub-clauses) in a cycle's checklist. Reference, title and phase are
 * copied from the catalog when the cycle starts, so the checklist reads the same after catalog updates.
 */
@Entity('checklist_item')
@Index(['cycleId', 'requirementUrn'], { unique: true })
export class ChecklistItem extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  requirementUrn: string;

  @Column('text')
  refId: string;

  @Column('text')
  title: string;

  @Column('text')
  phase: PdcaPhase;

  /** Document order in the catalog. */
  @Column('int')
  position: number;

  @Column('text')
  status: ChecklistStatus;

  /** A member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  statusChangedAt: Date | null;
}
