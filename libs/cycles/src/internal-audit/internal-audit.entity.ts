import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { InternalAuditStatus } from './internal-audit.enums';
import { Cycle } from '../cycle/cycle.entity';

/** An internal audit of the AIMS within a cycle (42001 9.2). */
@Entity('internal_audit')
@Index(['cycleId'])
export class InternalAudit extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  title: string;

  /** What the audit covers (42001 9.2.2 b: criteria and scope of each audit). */
  @Column('text')
  scope: string;

  /** A member of the organisation. */
  @Column('uuid')
  leadAuditorId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  plannedStartAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  plannedEndAt: Date | null;

  @Column('text')
  status: InternalAuditStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  performedStartAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  performedEndAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  /** The audit's results as reported to management (42001 9.2.2 c). */
  @Column('text', { nullable: true })
  conclusion: string | null;
}
