import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { FindingType } from './internal-audit.enums';
import { Cycle } from '../cycle/cycle.entity';
import { InternalAudit } from './internal-audit.entity';

/** What an internal audit found against one or more catalog requirements (42001 9.2). */
@Entity('audit_finding')
@Index(['auditId'])
@Index(['cycleId'])
export class AuditFinding extends TenantEntity {
  @Column('uuid')
  auditId: string;

  @ManyToOne(() => InternalAudit, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'audit_id' })
  audit?: InternalAudit;

  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('text')
  type: FindingType;

  @Column('text', { array: true })
  requirementUrns: string[];

  @Column('text')
  description: string;

  @Column('text')
  recordedByType: ActorType;

  @Column('uuid', { nullable: true })
  recordedById: string | null;
}
