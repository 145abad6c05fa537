import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { ImplementationStatus, SoAEntryOrigin } from './soa.enums';
import { Cycle } from '../cycle/cycle.entity';

/**
 * One control in a cycle's Statement of Applicability (42001 6.1.3): included or excluded with a
 * justification either way, and how far an included control is implemented.
 */
@Entity('soa_entry')
@Index(['cycleId', 'controlUrn'], { unique: true })
export class SoAEntry extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  controlUrn: string;

  @Column('text')
  refId: string;

  @Column('text')
  title: string;

  @Column('text')
  origin: SoAEntryOrigin;

  /** Annex A controls in document order, added controls after them in the order they were added. */
  @Column('int')
  position: number;

  /** Null until decided. */
  @Column('boolean', { nullable: true })
  applicable: boolean | null;

  @Column('text', { nullable: true })
  justification: string | null;

  /** Only for applicable controls. */
  @Column('text', { nullable: true })
  implementationStatus: ImplementationStatus | null;

  @Column('uuid', { array: true, default: () => "'{}'" })
  linkedRiskIds: string[];

  /** Copied from the previous cycle's SoA: the decision stands as a draft until confirmed again. */
  @Column('boolean', { default: false })
  carriedOver: boolean;

  @Column('uuid', { nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => SoAEntry, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'carried_from_id' })
  carriedFrom?: SoAEntry;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  /** User or API key that made (or confirmed) the decision. */
  @Column('uuid', { nullable: true })
  decidedById: string | null;
}
