import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { EvidenceItem } from './evidence-item.entity';

/** bigint columns come back from pg as strings; sizes stay far below 2^53. */
export const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One version of a piece of evidence: an uploaded file (sha256, size, media type, original name) or, for
 * LINK evidence, a URL with the hash of its content when the client supplied it. Rows are immutable: a
 * database trigger refuses UPDATE and DELETE, so accepted versions can never change or disappear.
 */
@Entity('evidence_version')
@Index(['evidenceItemId', 'number'], { unique: true })
export class EvidenceVersion extends TenantEntity {
  @Column('uuid')
  evidenceItemId: string;

  @ManyToOne(() => EvidenceItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'evidence_item_id' })
  evidenceItem?: EvidenceItem;

  /** 1, 2, ... per evidence item. */
  @Column('int')
  number: number;

  /** Lower-case hex; the storage key of uploaded files. */
  @Column('char', { length: 64, nullable: true })
  sha256: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  sizeBytes: number | null;

  @Column('text', { nullable: true })
  mediaType: string | null;

  @Column('text', { nullable: true })
  originalName: string | null;

  /** LINK evidence only. */
  @Column('text', { nullable: true })
  url: string | null;

  @Column('text')
  uploadedByType: ActorType;

  @Column('uuid', { nullable: true })
  uploadedById: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  uploadedAt: Date;

  /** The signed upload that produced it (file versions only). */
  @Index({ unique: true, where: 'upload_id IS NOT NULL' })
  @Column('uuid', { nullable: true })
  uploadId: string | null;
}
