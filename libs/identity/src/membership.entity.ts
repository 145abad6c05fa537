import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Role, TenantEntity } from '@aims/platform';
import { User } from './user.entity';

export type MembershipStatus = 'INVITED' | 'ACTIVE';

/**
 * A user's role in an organisation, optionally time-boxed (external auditors). Created as INVITED by
 * inviteMember with a hashed one-time token, and ACTIVE once accepted.
 */
@Entity('membership')
@Index(['organisationId', 'email'], { unique: true })
export class Membership extends TenantEntity {
  @Column('uuid', { nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The invited address, lower-cased; equals the user's email once accepted. */
  @Column('text')
  email: string;

  @Column('text')
  role: Role;

  @Column('text', { default: 'ACTIVE' })
  status: MembershipStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Index({ unique: true, where: 'invitation_token_hash IS NOT NULL' })
  @Column('char', { length: 64, nullable: true })
  invitationTokenHash: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  invitationExpiresAt: Date | null;

  @Column('uuid', { nullable: true })
  invitedByUserId: string | null;
}
