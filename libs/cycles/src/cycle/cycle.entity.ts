import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity, UnmetCriterion } from '@aims/platform';
import { CyclePhase } from './cycle.enums';

/** One move between phases, kept on the cycle so its history reads without the audit trail. */
export interface PhaseTransition {
  from: CyclePhase;
  to: CyclePhase;
  at: string;
  byType: ActorType;
  byId: string | null;
  /** Set when OWNER/ADMIN moved the cycle past an unmet gate. */
  override: { reason: string; unmet: UnmetCriterion[] } | null;
}

/**
 * A Plan-Do-Check-Act cycle of the AI management system (ISO/IEC 42001 clauses 4–10). One cycle per
 * organisation is open at a time: the partial unique index holds that even under concurrent requests.
 */
@Entity('cycle')
@Index('cycle_one_open_per_organisation', ['organisationId'], { unique: true, where: "phase <> 'CLOSED'" })
@Index(['organisationId', 'sequence'], { unique: true })
export class Cycle extends TenantEntity {
  /** 1, 2, ... per organisation. */
  @Column('int')
  sequence: number;

  @Column('text')
  name: string;

  @Column({ type: 'timestamptz', precision: 3 })
  periodStart: Date;

  /** Exclusive: the next cycle's period starts here. */
  @Column({ type: 'timestamptz', precision: 3 })
  periodEnd: Date;

  @Column('text')
  phase: CyclePhase;

  /** Boundaries of the AIMS in free text (42001 4.3): sites, units, exclusions. */
  @Column('text', { nullable: true })
  scopeStatement: string | null;

  /** AI systems in scope, validated against the organisation's inventory when set. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  aiSystemIds: string[];

  @Column({ type: 'timestamptz', precision: 3 })
  phaseChangedAt: Date;

  @Column('jsonb', { default: () => "'[]'" })
  transitions: PhaseTransition[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  /** The cycle this one continues (its SoA, open nonconformities and accepted risks carried over). */
  @Column('uuid', { nullable: true })
  previousCycleId: string | null;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'previous_cycle_id' })
  previousCycle?: Cycle;
}
