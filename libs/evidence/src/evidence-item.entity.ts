import { Column, Entity, Index } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { EvidenceKind, EvidenceReviewState } from './evidence.enums';

/**
 * A piece of evidence (docs/domain-rules.md#evidence): what it is, who owns it, how long it proves something, and its review
 * state. Its content lives in immutable versions; EXPIRED is computed from `validUntil`, never stored.
 */
@Entity('evidence_item')
@Index(['organisationId', 'createdAt'])
// Expiry sweeps run across organisations (docs/domain-rules.md#scheduled-reassessment): validUntil alone, only where there is one.
@Index('evidence_item_valid_until_idx', ['validUntil'], { where: 'valid_until IS NOT NULL' })
export class EvidenceItem extends TenantEntity {
  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  kind: EvidenceKind;

  /** A user who is a member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('text')
  state: EvidenceReviewState;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  collectedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  validUntil: Date | null;

  /** How often the evidence should be collected again, in days. */
  @Column('int', { nullable: true })
  collectionFrequencyDays: number | null;

  /** Number of versions so far; the next one gets this plus one. */
  @Column('int', { default: 0 })
  versionCount: number;

  /** The latest version. */
  @Column('uuid', { nullable: true })
  currentVersionId: string | null;

  /** The version under review while SUBMITTED, and the one reviewed last afterwards. */
  @Column('uuid', { nullable: true })
  submittedVersionId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  /** The version accepted last; it stays readable when a newer draft replaces it. */
  @Column('uuid', { nullable: true })
  acceptedVersionId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column('text')
  createdByType: ActorType;

  @Column('uuid', { nullable: true })
  createdById: string | null;
}
