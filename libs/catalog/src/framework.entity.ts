import { Column, Entity, Index } from 'typeorm';
import { FrameworkProvenance } from './catalog-document';
import { CatalogRow } from './catalog-row.entity';

/**
 * A framework version. Built-in catalogs have no organisation (organisation_id NULL) and are visible to
 * everyone; imported ones belong to one organisation and are visible to it alone. URN and slug are unique
 * among the built-ins and within each organisation (two partial indexes, since NULLs are distinct).
 */
@Entity('framework')
@Index('framework_built_in_urn_key', ['urn'], { unique: true, where: 'organisation_id IS NULL' })
@Index('framework_private_urn_key', ['organisationId', 'urn'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
@Index('framework_built_in_slug_key', ['slug'], { unique: true, where: 'organisation_id IS NULL' })
@Index('framework_private_slug_key', ['organisationId', 'slug'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
export class Framework extends CatalogRow {
  @Column('text')
  urn: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  shortName: string | null;

  @Column('text')
  version: string;

  @Column('text', { nullable: true })
  publisher: string | null;

  @Column('jsonb')
  provenance: FrameworkProvenance;

  /** sha256 of the source document: an unchanged file is skipped at start-up. */
  @Column('char', { length: 64 })
  contentHash: string;
}
