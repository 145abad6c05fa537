import { Column, Entity, Index } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { ExportPhase, ExportStatus } from './export.enums';

const bigintNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One request for an evidence pack (docs/domain-rules.md#evidence-packs) and what became of it. The BullMQ job carries this row's id
 * as its job id; the row keeps the history after the pack itself is removed by retention.
 */
@Entity('export_job')
@Index('export_job_list_idx', ['organisationId', 'createdAt', 'id'])
@Index('export_job_retention_idx', ['completedAt'], {
  where: "status = 'COMPLETED' AND pack_removed_at IS NULL",
})
export class ExportJob extends TenantEntity {
  @Column('text')
  status: ExportStatus;

  @Column('int', { default: 0 })
  progress: number;

  @Column('text', { nullable: true })
  phase: ExportPhase | null;

  @Column('text')
  requestedByType: ActorType;

  @Column('uuid', { nullable: true })
  requestedById: string | null;

  @Column('uuid')
  cycleId: string;

  @Column('text', { array: true })
  frameworkUrns: string[];

  @Column({ type: 'timestamptz', precision: 3 })
  periodStart: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  periodEnd: Date;

  /** The instant the pack is built as of (the request time unless given): the same asOf, the same bytes. */
  @Column({ type: 'timestamptz', precision: 3 })
  asOf: Date;

  @Column('boolean')
  includeEvidenceFiles: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text', { nullable: true })
  packSha256: string | null;

  @Column('bigint', { nullable: true, transformer: bigintNumber })
  packSize: number | null;

  @Column('int', { nullable: true })
  fileCount: number | null;

  @Column('text', { nullable: true })
  manifestSha256: string | null;

  @Column('text', { nullable: true })
  keyId: string | null;

  /** When retention removed the stored ZIP (the row stays as history). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  packRemovedAt: Date | null;
}
