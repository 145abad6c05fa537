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
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';
import { MappingRelationship } from './relationship';

/**
 * One row of a mapping set: `relationship` is the source's relationship to the target. The reverse is
 * derived when read (SUBSET and SUPERSET swap), never stored.
 */
@Entity('mapping')
@Index(['mappingSetId', 'sourceRequirementId', 'targetRequirementId'], { unique: true })
export class Mapping {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The mapping set's organisation, NULL for built-in crosswalks; repeated here so lookups filter on it directly. */
  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

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

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
