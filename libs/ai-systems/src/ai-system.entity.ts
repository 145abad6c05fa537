import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { AISystemRole, LifecycleStage } from './ai-system.enums';
import {
  EuAiActTier,
  GpaiObligation,
  TierAnswers,
  TierBasis,
  TransparencyObligation,
} from './eu-ai-act-tier';
import { ApplicationScale, IntelligenceLevel, ScenarioCriticality, Tc260Grade } from './tc260-grading';

/** An AI system in the organisation's inventory (42001 A.4.2, NIST GOVERN 1.6). */
@Entity('ai_system')
@Index(['organisationId', 'createdAt'])
@Index('ai_system_regrade_due_idx', ['nextRegradeAt'], { where: 'next_regrade_at IS NOT NULL' })
export class AISystem extends TenantEntity {
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { nullable: true })
  intendedPurpose: string | null;

  @Column('text')
  role: AISystemRole;

  @Column('text')
  lifecycleStage: LifecycleStage;

  @Column('text', { nullable: true })
  modelName: string | null;

  @Column('text', { nullable: true })
  modelVersion: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  dataCategories: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  affectedParties: string[];

  /** A user who is a member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('text', { nullable: true })
  intelligenceLevel: IntelligenceLevel | null;

  @Column('text', { nullable: true })
  scenarioCriticality: ScenarioCriticality | null;

  @Column('text', { nullable: true })
  applicationScale: ApplicationScale | null;

  /** Derived from the three factors by the organisation's rule table; null while a factor is unknown. */
  @Column('text', { nullable: true })
  grade: Tc260Grade | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  gradedAt: Date | null;

  /** When the grading is due for a periodic re-grade (read by the reassessment sweep). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextRegradeAt: Date | null;

  @Column('jsonb', { nullable: true })
  tierAnswers: TierAnswers | null;

  /** Derived from `tierAnswers`; null until the system is classified. */
  @Column('text', { nullable: true })
  tier: EuAiActTier | null;

  @Column('jsonb', { default: () => "'[]'" })
  tierBasis: TierBasis[];

  @Column('jsonb', { default: () => "'[]'" })
  transparencyObligations: TransparencyObligation[];

  /** Art. 53 / 55 duties when the organisation provides a general-purpose AI model. */
  @Column('jsonb', { default: () => "'[]'" })
  gpaiObligations: GpaiObligation[];

  @Column('boolean', { default: false })
  derogationApplied: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  classifiedAt: Date | null;
}
