import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { AISystem } from './ai-system.entity';
import { ImpactAssessmentStatus, ImpactKind } from './ai-system.enums';

export interface Impact {
  kind: ImpactKind;
  description: string;
  affectedGroup: string;
  /** 1 (negligible) to 5 (critical). */
  severity: number;
  /** 1 (rare) to 5 (almost certain). */
  likelihood: number;
}

/**
 * One version of an AI system impact assessment (ISO/IEC 42005 clause 6 content; 42001 6.1.4, 8.4, A.5).
 * Approval freezes the version: the service refuses to change an approved row.
 */
@Entity('impact_assessment')
@Index(['aiSystemId', 'version'], { unique: true })
@Index('impact_assessment_review_due_idx', ['nextReviewAt'], { where: "status = 'APPROVED'" })
export class ImpactAssessment extends TenantEntity {
  @Column('uuid')
  aiSystemId: string;

  @ManyToOne(() => AISystem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'ai_system_id' })
  aiSystem?: AISystem;

  @Column('int')
  version: number;

  @Column('text')
  status: ImpactAssessmentStatus;

  @Column('text')
  scope: string;

  @Column('text', { nullable: true })
  systemInformation: string | null;

  @Column('text', { nullable: true })
  dataInformation: string | null;

  @Column('text', { nullable: true })
  modelInformation: string | null;

  @Column('text', { nullable: true })
  deploymentContext: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  interestedParties: string[];

  @Column('jsonb', { default: () => "'[]'" })
  impacts: Impact[];

  @Column('text', { array: true, default: () => "'{}'" })
  measures: string[];

  @Column('text')
  authorType: ActorType;

  @Column('uuid', { nullable: true })
  authorId: string | null;

  /** Everyone who changed the draft after its author: none of them may approve it (four eyes). */
  @Column('uuid', { array: true, default: () => "'{}'" })
  editorIds: string[];

  @Column('uuid', { nullable: true })
  approvedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt: Date | null;

  @Column('text', { nullable: true })
  approvalComment: string | null;

  /** When the approved assessment is due for review (42005 monitoring and review). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextReviewAt: Date | null;
}
