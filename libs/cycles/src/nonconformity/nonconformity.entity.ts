import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { NonconformitySeverity, NonconformitySource, NonconformityStatus } from './nonconformity.enums';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { Cycle } from '../cycle/cycle.entity';
import { ManagementReview } from '../management-review/management-review.entity';

/**
 * A nonconformity (42001 10.2) raised from an audit finding, an incident, a management review or
 * otherwise. A finding gives rise to one live nonconformity: the copy carried into the next cycle
 * replaces the one it continues.
 */
@Entity('nonconformity')
@Index(['cycleId'])
@Index('nonconformity_finding_key', ['findingId'], {
  unique: true,
  where: "finding_id IS NOT NULL AND status <> 'CARRIED_FORWARD'",
})
export class Nonconformity extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  source: NonconformitySource;

  @Column('uuid', { nullable: true })
  findingId: string | null;

  @ManyToOne(() => AuditFinding, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'finding_id' })
  finding?: AuditFinding;

  @Column('uuid', { nullable: true })
  managementReviewId: string | null;

  @ManyToOne(() => ManagementReview, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'management_review_id' })
  managementReview?: ManagementReview;

  /** Outside reference, e.g. the incident ticket. */
  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text')
  description: string;

  @Column('text')
  severity: NonconformitySeverity;

  @Column('text', { array: true, default: () => "'{}'" })
  requirementUrns: string[];

  /** 42001 10.2 b): the causes, once determined. */
  @Column('text', { nullable: true })
  rootCause: string | null;

  @Column('text')
  status: NonconformityStatus;

  @Column('text')
  raisedByType: ActorType;

  @Column('uuid', { nullable: true })
  raisedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  /** 42001 10.2 b): the evaluation found no corrective action needed, and why; set when it closed so. */
  @Column('text', { nullable: true })
  noActionReason: string | null;

  @Column('uuid', { nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => Nonconformity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'carried_from_id' })
  carriedFrom?: Nonconformity;
}
