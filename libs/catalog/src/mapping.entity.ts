import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CatalogRow } from './catalog-row.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';
import { MappingRelationship } from './relationship';

/**
 * One row of a mapping set: `relationship` is the source's relationship to the target. The reverse is
 * derived when read (SUBSET and SUPERSET swap), never stored. organisation_id repeats the mapping set's,
 * so that lookups from a requirement filter on it directly.
 */
@Entity('mapping')
@Index(['mappingSetId', 'sourceRequirementId', 'targetRequirementId'], { unique: true })
export class Mapping extends CatalogRow {
  @Column('uuid')
  mappingSetId: string;

  @ManyToOne(() => MappingSet, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'mapping_set_id' })
  mappingSet?: MappingSet;

  @Index()
  @Column('uuid')
  sourceRequirementId: string;

  @ManyToOne(() => Requirement, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'source_requirement_id' })
  sourceRequirement?: Requirement;

  @Index()
  @Column('uuid')
  targetRequirementId: string;

  @ManyToOne(() => Requirement, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'target_requirement_id' })
  targetRequirement?: Requirement;

  @Column('text')
  relationship: MappingRelationship;

  @Column('text', { nullable: true })
  rationale: string | null;

  /** 0-1, how strongly the two correspond; NULL when the source gives none. */
  @Column('double precision', { nullable: true })
  strength: number | null;

  /** Order of the row in its file. */
  @Column('int')
  position: number;
}
