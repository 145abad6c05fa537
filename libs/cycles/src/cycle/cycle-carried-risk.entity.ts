import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { Risk } from '@aims/risks';
import { Cycle } from './cycle.entity';

/** A risk that was ACCEPTED when the previous cycle closed, listed in the next one for re-confirmation. */
@Entity('cycle_carried_risk')
@Index(['cycleId', 'riskId'], { unique: true })
@Index(['riskId'])
export class CycleCarriedRisk extends TenantEntity {
  @Column('uuid')
  cycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column('uuid')
  riskId: string;

  @ManyToOne(() => Risk, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'risk_id' })
  risk?: Risk;

  /** The cycle that closed with the risk accepted. */
  @Column('uuid')
  originCycleId: string;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'origin_cycle_id' })
  originCycle?: Cycle;

  /** The acceptance expiry at the time of carry-over. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedUntil: Date | null;
}
