import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { CorrectiveActionStatus } from './nonconformity.enums';
import { Cycle } from '../cycle/cycle.entity';
import { Nonconformity } from './nonconformity.entity';

/**
 * An action to eliminate the cause of a nonconformity (42001 10.2 c), completed with a review of its
 * effectiveness (10.2 d). Open actions past `dueAt` are what the reassessment sweep reports as overdue.
 */
@Entity('corrective_action')
@Index(['nonconformityId'])
@Index(['cycleId'])
@Index('corrective_action_due_idx', ['dueAt'], { where: "status = 'OPEN'" })
export class CorrectiveAction extends TenantEntity {
  @Column('uuid')
  nonconformityId: string;

  @ManyToOne(() => Nonconformity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'nonconformity_id' })
  nonconformity?: Nonconformity;

  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  description: string;

  /** A member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column('text')
  status: CorrectiveActionStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  /** The effectiveness check made when completing the action. */
  @Column('boolean', { nullable: true })
  effective: boolean | null;

  @Column('text', { nullable: true })
  effectivenessNotes: string | null;

  @Column('text', { nullable: true })
  verifiedByType: ActorType | null;

  @Column('uuid', { nullable: true })
  verifiedById: string | null;

  @Column('uuid', { nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'carried_from_id' })
  carriedFrom?: CorrectiveAction;
}
