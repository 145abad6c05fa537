import { Column, Entity, Index } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { ImplementationStatus } from '../coverage';

/**
 * The organisation's conformity statement for one requirement of any framework outside the cycle's
 * checklist and SoA (EU AI Act articles, NIST AI RMF, private frameworks): what it claims, why, and who
 * owns it. Coverage needs it before evidence alone can make a requirement FULL.
 */
@Entity('requirement_status')
@Index(['organisationId', 'requirementUrn'], { unique: true })
export class RequirementStatus extends TenantEntity {
  @Column('text')
  requirementUrn: string;

  @Column('text')
  status: ImplementationStatus;

  @Column('text')
  justification: string;

  /** A member of the organisation. */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('text')
  statedByType: ActorType;

  @Column('uuid', { nullable: true })
  statedById: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  statedAt: Date;
}
