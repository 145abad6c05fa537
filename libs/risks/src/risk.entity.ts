import { Column, Entity, Index } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { LifecycleStage } from '@aims/ai-systems';
import { TreatmentActionStatus, TreatmentOption } from './risk.enums';
import { RiskStatus } from './risk-status';

export interface TreatmentAction {
  title: string;
  ownerId: string | null;
  dueDate: Date | string | null;
  status: TreatmentActionStatus;
}

/**
 * A risk in the register (ISO/IEC 23894 clause 6). Levels are stored for filtering but always computed
 * by the server from likelihood × consequence on the organisation's criteria.
 */
@Entity('risk')
@Index(['organisationId', 'createdAt'])
@Index('risk_review_due_idx', ['nextReviewAt'], { where: "status <> 'CLOSED'" })
@Index('risk_acceptance_expiry_idx', ['acceptedUntil'], { where: "status = 'ACCEPTED'" })
export class Risk extends TenantEntity {
  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  status: RiskStatus;

  @Column('text', { nullable: true })
  lifecycleStage: LifecycleStage | null;

  /** A user who is a member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  /** ISO/IEC 23894 Annex B risk sources. */
  @Column('text', { array: true, default: () => "'{}'" })
  riskSourceUrns: string[];

  /** TC260 taxonomy nodes (risks, groups or categories). */
  @Column('text', { array: true, default: () => "'{}'" })
  tc260NodeUrns: string[];

  /** NIST AI RMF trustworthiness characteristics affected. */
  @Column('text', { array: true, default: () => "'{}'" })
  trustworthinessCharacteristicUrns: string[];

  /** Controls treating the risk: Annex A controls or any assessable requirement. */
  @Column('text', { array: true, default: () => "'{}'" })
  controlUrns: string[];

  @Column('int', { nullable: true })
  inherentLikelihood: number | null;

  @Column('int', { nullable: true })
  inherentConsequence: number | null;

  @Column('int', { nullable: true })
  inherentLevel: number | null;

  @Column('int', { nullable: true })
  residualLikelihood: number | null;

  @Column('int', { nullable: true })
  residualConsequence: number | null;

  @Column('int', { nullable: true })
  residualLevel: number | null;

  @Column('text', { nullable: true })
  treatmentOption: TreatmentOption | null;

  @Column('jsonb', { default: () => "'[]'" })
  treatmentActions: TreatmentAction[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAssessedAt: Date | null;

  /** Read by the reassessment sweep. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextReviewAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewRequestedAt: Date | null;

  @Column('text', { nullable: true })
  acceptedByType: ActorType | null;

  @Column('uuid', { nullable: true })
  acceptedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  /** Expiry of the acceptance; the reassessment sweep reopens ACCEPTED risks past it. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedUntil: Date | null;

  @Column('text', { nullable: true })
  acceptanceRationale: string | null;

  /** Given when the accepted level was above the organisation's appetite. */
  @Column('text', { nullable: true })
  acceptanceOverrideReason: string | null;

  @Column('int', { nullable: true })
  acceptedLevel: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column('text', { nullable: true })
  closeReason: string | null;
}
