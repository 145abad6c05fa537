import { EntityManager } from 'typeorm';
import { Framework } from './framework.entity';
import { MappingSet } from './mapping-set.entity';
import { Mapping } from './mapping.entity';
import { Requirement } from './requirement.entity';
import { visibleTo } from './visibility';

/** A crosswalk as an evidence pack writes it (an OSCAL Control Mapping document). */
export interface MappingSetPackRecord {
  id: string;
  name: string;
  /** File-name form of the set's URN: `urn:aims:mapping:a:b` → `a--b`. */
  slug: string;
  sourceFrameworkUrn: string;
  targetFrameworkUrn: string;
  provenance: string | null;
  mappings: {
    sourceUrn: string;
    targetUrn: string;
    relationship: string;
    rationale: string | null;
    strength: number | null;
  }[];
}

export function mappingSetSlug(urn: string): string {
  return urn
    .replace(/^urn:aims:mapping:/, '')
    .toLowerCase()
    .replace(/:/g, '--')
    .replace(/[^a-z0-9.-]+/g, '-');
}

/**
 * The mapping sets visible to the organisation that touch any of `frameworkUrns` (the crosswalks coverage of
 * those frameworks can carry status through), in URN order, each with its mappings in their own order.
 */
export async function readMappingSetsForPack(
  manager: EntityManager,
  organisationId: string,
  frameworkUrns: readonly string[],
): Promise<MappingSetPackRecord[]> {
  if (frameworkUrns.length === 0) return [];
  const sets = await visibleTo(
    manager
      .getRepository(MappingSet)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.sourceFramework', Framework, 'sf', 'sf.id = s.sourceFrameworkId')
      .innerJoinAndMapOne('s.targetFramework', Framework, 'tf', 'tf.id = s.targetFrameworkId')
      .where('(sf.urn IN (:...urns) OR tf.urn IN (:...urns))', { urns: frameworkUrns }),
    's',
    organisationId,
  )
    .orderBy('s.urn')
    .addOrderBy('s.id')
    .getMany();
  const records: MappingSetPackRecord[] = [];
  for (const set of sets) {
    const mappings = await manager
      .getRepository(Mapping)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.sourceRequirement', Requirement, 'sr', 'sr.id = m.sourceRequirementId')
      .innerJoinAndMapOne('m.targetRequirement', Requirement, 'tr', 'tr.id = m.targetRequirementId')
      .where('m.mappingSetId = :id', { id: set.id })
      .orderBy('m.position')
      .addOrderBy('m.id')
      .getMany();
    const p = set.provenance;
    records.push({
      id: set.id,
      name: set.name,
      slug: mappingSetSlug(set.urn),
      sourceFrameworkUrn: set.sourceFramework?.urn ?? '',
      targetFrameworkUrn: set.targetFramework?.urn ?? '',
      provenance: p
        ? [p.publisher, p.authoredBy, p.status, p.date, p.source].filter((v) => v).join('; ') || null
        : null,
      mappings: mappings.map((m) => ({
        sourceUrn: m.sourceRequirement?.urn ?? '',
        targetUrn: m.targetRequirement?.urn ?? '',
        relationship: m.relationship,
        rationale: m.rationale,
        strength: m.strength,
      })),
    });
  }
  return records;
}
