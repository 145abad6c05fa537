import { registerEnumType } from '@nestjs/graphql';

/** How a mapping's source requirement relates to its target (contract, docs/domain-rules.md#catalogs-crosswalks-and-coverage). */
export enum MappingRelationship {
  EQUAL = 'EQUAL',
  /** The source is contained in the target. */
  SUBSET = 'SUBSET',
  /** The source contains the target. */
  SUPERSET = 'SUPERSET',
  INTERSECT = 'INTERSECT',
  /** Associated only; public crosswalks that merely list related clauses. */
  RELATED = 'RELATED',
}
registerEnumType(MappingRelationship, {
  name: 'MappingRelationship',
  description: 'Set-theory relationship of one requirement to another (NIST IR 8477 style), plus RELATED.',
});

export const MAPPING_RELATIONSHIPS: readonly MappingRelationship[] = Object.values(MappingRelationship);

/** Whether a mapping is read as stored (this requirement is its source) or reversed (this requirement is its target). */
export enum MappingDirection {
  FORWARD = 'FORWARD',
  DERIVED = 'DERIVED',
}
registerEnumType(MappingDirection, {
  name: 'MappingDirection',
  description: 'FORWARD: as stored, from this requirement. DERIVED: the stored mapping read backwards.',
});

const INVERSE: Record<MappingRelationship, MappingRelationship> = {
  [MappingRelationship.EQUAL]: MappingRelationship.EQUAL,
  [MappingRelationship.SUBSET]: MappingRelationship.SUPERSET,
  [MappingRelationship.SUPERSET]: MappingRelationship.SUBSET,
  [MappingRelationship.INTERSECT]: MappingRelationship.INTERSECT,
  [MappingRelationship.RELATED]: MappingRelationship.RELATED,
};

/** The relationship of target to source, given that of source to target: only SUBSET and SUPERSET swap. */
export function invertRelationship(relationship: MappingRelationship): MappingRelationship {
  return INVERSE[relationship];
}

/** The stored relationship as seen from one side of the mapping. */
export function relationshipFrom(
  direction: MappingDirection,
  stored: MappingRelationship,
): MappingRelationship {
  return direction === MappingDirection.FORWARD ? stored : invertRelationship(stored);
}
