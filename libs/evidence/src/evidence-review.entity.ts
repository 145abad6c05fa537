import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { EvidenceReviewDecision } from './evidence.enums';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceVersion } from './evidence-version.entity';

/** One review decision on one version; append-only like the versions (a trigger refuses changes). */
@Entity('evidence_review')
@Index(['evidenceItemId', 'reviewedAt'])
export class EvidenceReview extends TenantEntity {
  @Column('uuid')
  evidenceItemId: string;

  @ManyToOne(() => EvidenceItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'evidence_item_id' })
  evidenceItem?: EvidenceItem;

  @Column('uuid')
  versionId: string;

  @ManyToOne(() => EvidenceVersion, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'version_id' })
  version?: EvidenceVersion;

  @Column('text')
  decision: EvidenceReviewDecision;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('text')
  reviewerType: ActorType;

  @Column('uuid', { nullable: true })
  reviewerId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  reviewedAt: Date;

  /** The validity window the decision was made on. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  validUntil: Date | null;
}
