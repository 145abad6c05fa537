import { Column, Entity, Index } from 'typeorm';
import { Role, TenantEntity } from '@aims/platform';

/** An integration's credential. Only a SHA-256 of the secret is stored; the secret is shown once. */
@Entity('api_key')
export class ApiKey extends TenantEntity {
  @Column('text')
  name: string;

  @Column('text')
  role: Role;

  /** Public, unique part of the secret used to find the key (`aims_<prefix>_...`). */
  @Index({ unique: true })
  @Column('text')
  prefix: string;

  @Column('char', { length: 64 })
  secretHash: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;
}
