import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { Risk } from './risk.entity';
import { RiskStatus } from './risk-status';

/**
 * An immutable snapshot of a risk's scores after an assessment, so the score over time can be queried
 * (ISO/IEC 23894 6.6, 6.7). A database trigger refuses UPDATE and DELETE. Level labels and the appetite
 * are copied from the criteria in force, so history reads as it was decided.
 */
@Entity('risk_assessment')
@Index(['riskId', 'sequence'], { unique: true })
export class RiskAssessment extends TenantEntity {
  @Column('uuid')
  riskId: string;

  @ManyToOne(() => Risk, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'risk_id' })
  risk?: Risk;

  /** 1, 2, ... per risk. */
  @Column('int')
  sequence: number;

  @Column({ type: 'timestamptz', precision: 3 })
  assessedAt: Date;

  @Column('text')
  assessedByType: ActorType;

  @Column('uuid', { nullable: true })
  assessedById: string | null;

  @Column('int', { nullable: true })
  inherentLikelihood: number | null;

  @Column('int', { nullable: true })
  inherentConsequence: number | null;

  @Column('int', { nullable: true })
  inherentLevel: number | null;

  @Column('text', { nullable: true })
  inherentLevelLabel: string | null;

  @Column('int', { nullable: true })
  residualLikelihood: number | null;

  @Column('int', { nullable: true })
  residualConsequence: number | null;

  @Column('int', { nullable: true })
  residualLevel: number | null;

  @Column('text', { nullable: true })
  residualLevelLabel: string | null;

  @Column('int')
  appetiteLevel: number;

  @Column('int')
  criteriaVersion: number;

  /** The risk's status after the assessment. */
  @Column('text')
  status: RiskStatus;

  @Column('text', { nullable: true })
  note: string | null;
}
