import { PackContent, PackMappingSet } from './pack-content';
import { uuidV5 } from './uuid';
import { AIMS_OSCAL_NS, OSCAL_VERSION, Json, token, line, props, compact } from './oscal-common';

const RELATIONSHIP: Record<string, string> = {
  EQUAL: 'equal-to',
  SUBSET: 'subset-of',
  SUPERSET: 'superset-of',
  INTERSECT: 'intersects-with',
};

/** One crosswalk as an OSCAL 1.2 Control Mapping document (requirement URNs as control references). */
export function buildMappingCollection(content: PackContent, set: PackMappingSet): Json {
  const u = (name: string) => uuidV5(`${content.packId}:mapping:${set.id}:${name}`);
  const maps = set.mappings.map((m, i) => {
    const relationship = RELATIONSHIP[m.relationship];
    return compact({
      uuid: u(`map:${i}:${m.sourceUrn}:${m.targetUrn}`),
      ns: relationship ? undefined : AIMS_OSCAL_NS,
      relationship: relationship ?? token(`${m.relationship.toLowerCase()}-to`),
      sources: [{ type: 'control', 'id-ref': m.sourceUrn }],
      targets: [{ type: 'control', 'id-ref': m.targetUrn }],
      props: props([
        ['aims-relationship', m.relationship],
        ['strength', m.strength === null ? null : `${m.strength}`],
      ]),
      remarks: m.rationale ?? undefined,
    });
  });
  return {
    'mapping-collection': {
      uuid: u('document'),
      metadata: {
        title: line(set.name),
        published: content.scope.asOf,
        'last-modified': content.scope.asOf,
        version: content.packId,
        'oscal-version': OSCAL_VERSION,
        props: props([
          ['mapping-set-id', set.id],
          ['pack-id', content.packId],
        ]),
      },
      provenance: {
        method: 'human',
        'matching-rationale': 'semantic',
        status: 'complete',
        'mapping-description':
          set.provenance ??
          `Crosswalk ${set.sourceFrameworkUrn} to ${set.targetFrameworkUrn} as used by AIMS for coverage.`,
      },
      mappings: [
        compact({
          uuid: u('mapping'),
          'source-resource': { type: 'catalog', href: set.sourceFrameworkUrn },
          'target-resource': { type: 'catalog', href: set.targetFrameworkUrn },
          maps,
        }),
      ],
    },
  };
}
