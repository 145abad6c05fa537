import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CatalogRow } from './catalog-row.entity';
import { Framework } from './framework.entity';
import { PdcaPhase, RequirementKind } from './requirement-kind';

/**
 * A node of a framework's requirement tree, in its framework's scope (organisation_id repeats the
 * framework's). Rows are never deleted: a node that disappears from its file is marked retired (other
 * domains may reference it), and comes back when the file lists it again.
 */
@Entity('requirement')
@Index('requirement_built_in_urn_key', ['urn'], { unique: true, where: 'organisation_id IS NULL' })
@Index('requirement_private_urn_key', ['organisationId', 'urn'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
@Index(['frameworkId', 'position'])
export class Requirement extends CatalogRow {
  @Column('uuid')
  frameworkId: string;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'framework_id' })
  framework?: Framework;

  @Index()
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Requirement, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Requirement;

  /** Ids of the ancestors, root first: `ancestors` is one lookup. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  ancestorIds: string[];

  @Column('int')
  depth: number;

  /** Pre-order position in the framework's document. */
  @Column('int')
  position: number;

  @Column('text')
  urn: string;

  @Column('text')
  refId: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  titleZh: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  kind: RequirementKind;

  @Column('boolean')
  assessable: boolean;

  @Column('text', { nullable: true })
  pdcaPhase: PdcaPhase | null;

  @Column('boolean', { default: false })
  secondary: boolean;

  /** Set when the node was dropped from its framework's file; NULL while current. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  retiredAt: Date | null;
}
