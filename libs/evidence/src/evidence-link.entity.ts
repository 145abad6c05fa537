import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { EvidenceLinkTargetType } from './evidence.enums';
import { EvidenceItem } from './evidence-item.entity';

/**
 * What a piece of evidence supports: a requirement (by URN), a risk, or a cycle's SoA entry, checklist item
 * or audit finding (by id). Targets belong to other domains, so there is no foreign key: they are
 * validated through those domains' services when the link is made.
 */
@Entity('evidence_link')
@Index(['evidenceItemId', 'targetType', 'targetId'], { unique: true })
@Index(['organisationId', 'targetType', 'targetId'])
export class EvidenceLink extends TenantEntity {
  @Column('uuid')
  evidenceItemId: string;

  @ManyToOne(() => EvidenceItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'evidence_item_id' })
  evidenceItem?: EvidenceItem;

  @Column('text')
  targetType: EvidenceLinkTargetType;

  /** A requirement URN, or the id of the risk, SoA entry, checklist item or audit finding. */
  @Column('text')
  targetId: string;
}
