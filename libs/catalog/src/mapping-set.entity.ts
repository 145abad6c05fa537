import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '@aims/platform';
import { MappingProvenance } from './catalog-document';
import { Framework } from './framework.entity';

/** A crosswalk from one framework to another, stored in its forward direction only. */
@Entity('mapping_set')
@Index('mapping_set_built_in_urn_key', ['urn'], { unique: true, where: 'organisation_id IS NULL' })
@Index('mapping_set_private_urn_key', ['organisationId', 'urn'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
export class MappingSet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NULL for built-in crosswalks. */
  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('text')
  urn: string;

  @Column('text')
  name: string;

  @Index()
  @Column('uuid')
  sourceFrameworkId: string;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'source_framework_id' })
  sourceFramework?: Framework;

  @Index()
  @Column('uuid')
  targetFrameworkId: string;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'target_framework_id' })
  targetFramework?: Framework;

  /** Who published it, when, and whether it is a draft. */
  @Column('jsonb')
  provenance: MappingProvenance;

  @Column('char', { length: 64 })
  contentHash: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
