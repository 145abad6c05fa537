import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, Role, TenantEntity } from '@aims/platform';
import { EvidenceItem } from './evidence-item.entity';
import { bigintAsNumber } from './evidence-version.entity';

/**
 * A signed upload URL handed out by createEvidenceUpload. The URL's token names this row; consuming it
 * records the version it produced, so each URL uploads at most once.
 */
@Entity('evidence_upload')
export class EvidenceUpload extends TenantEntity {
  @Index()
  @Column('uuid')
  evidenceItemId: string;

  @ManyToOne(() => EvidenceItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'evidence_item_id' })
  evidenceItem?: EvidenceItem;

  @Column('text')
  mediaType: string;

  @Column('text')
  originalName: string;

  /** Validity dates the new version brings (null: unchanged). */
  @Column('jsonb', { nullable: true })
  validity: { collectedAt?: string | null; validFrom?: string | null; validUntil?: string | null } | null;

  @Column('text')
  issuedToType: ActorType;

  @Column('uuid', { nullable: true })
  issuedToId: string | null;

  /** The role the uploader had when the URL was issued; the version is recorded under it. */
  @Column('text')
  issuedToRole: Role;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  consumedAt: Date | null;

  @Column('uuid', { nullable: true })
  versionId: string | null;

  /** Uploaded straight to object storage (S3_DIRECT_UPLOADS), recorded by completeEvidenceUpload. */
  @Column('boolean', { default: false })
  direct: boolean;

  /** Direct uploads: the size and SHA-256 bound into the presigned URL, which the object must match. */
  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  declaredSizeBytes: number | null;

  @Column('char', { length: 64, nullable: true })
  declaredSha256: string | null;
}
