import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { ManagementReviewTopic } from './management-review.enums';
import { Cycle } from '../cycle/cycle.entity';

export interface ReviewInputRecord {
  topic: ManagementReviewTopic;
  covered: boolean;
  notes: string | null;
}

export interface ReviewActionRecord {
  description: string;
  ownerId: string | null;
  dueAt: string | null;
}

/** A management review of the AIMS (42001 9.3): who met, what they considered, what they decided. */
@Entity('management_review')
@Index(['cycleId'])
export class ManagementReview extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column({ type: 'timestamptz', precision: 3 })
  heldAt: Date;

  /** Names as written in the minutes: attendees need not be users. */
  @Column('text', { array: true })
  attendees: string[];

  /** Every 9.3.2 topic, in the order of the standard, covered or not. */
  @Column('jsonb')
  inputs: ReviewInputRecord[];

  /** 42001 9.3.3: decisions on improvement opportunities and changes to the AIMS. */
  @Column('text', { array: true, default: () => "'{}'" })
  decisions: string[];

  @Column('jsonb', { default: () => "'[]'" })
  actions: ReviewActionRecord[];

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('text')
  recordedByType: ActorType;

  @Column('uuid', { nullable: true })
  recordedById: string | null;
}
