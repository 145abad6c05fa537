import { Column, JoinColumn, ManyToOne, Entity, PrimaryColumn } from 'typeorm';
import { Organisation } from '@aims/platform';

/**
 * The tip of each organisation's audit chain. Appending locks this row, so concurrent mutations in one
 * organisation take sequence numbers one after another and the chain never forks.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq: number;

  @Column('char', { length: 64 })
  hash: string;
}
