import {
  Column,
  CreateDateColumn,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '@aims/platform';

/**
 * Shape shared by the catalog tables. Like TenantEntity, except that organisation_id may be NULL: NULL
 * marks a built-in row visible to every organisation; otherwise the row is that organisation's private
 * import (FK, ON DELETE RESTRICT, indexed).
 */
export abstract class CatalogRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NULL for built-in catalogs. */
  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
