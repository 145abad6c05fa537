import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { MappingProvenance } from './catalog-document';
import { CatalogRow } from './catalog-row.entity';
import { Framework } from './framework.entity';

/** A crosswalk from one framework to another, stored in its forward direction only. */
@Entity('mapping_set')
@Index('mapping_set_built_in_urn_key', ['urn'], { unique: true, where: 'organisation_id IS NULL' })
@Index('mapping_set_private_urn_key', ['organisationId', 'urn'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
export class MappingSet extends CatalogRow {
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
}
