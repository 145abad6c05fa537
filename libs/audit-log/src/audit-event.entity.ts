import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '@aims/platform';

/**
 * One audit event. Append-only: no code path updates or deletes these rows, and a trigger refuses it.
 * Hash-chained per organisation by `seq` (see hash-chain.ts).
 */
@Entity('audit_event')
@Index(['organisationId', 'seq'], { unique: true })
@Index(['organisationId', 'entityType', 'entityId'])
@Index(['organisationId', 'actorId'])
@Index(['organisationId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq: number;

  @Column('text')
  action: string;

  @Column('text')
  entityType: string;

  @Column('text', { nullable: true })
  entityId: string | null;

  @Column('text')
  actorType: string;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column('jsonb')
  changes: Record<string, unknown>;

  @Column('char', { length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}
