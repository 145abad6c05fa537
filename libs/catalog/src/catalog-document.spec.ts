import {
  flattenRequirements,
  FrameworkIndexEntry,
  resolveMappingReferences,
  validateFrameworkDocument,
  validateMappingDocument,
} from './catalog-document';
import { MappingRelationship } from './relationship';
import { PdcaPhase, RequirementKind } from './requirement-kind';

type Doc = Record<string, any>;

/** A small valid framework: a clause with two sub-clauses and a control area with one control. */
function framework(): Doc {
  return {
    urn: 'urn:aims:framework:acme-policy:1',
    slug: 'acme-policy-1',
    name: 'ACME AI policy',
    version: '1',
    provenance: { source: 'internal', authoredBy: 'acme', retrieved: '2026-11-01' },
    expectedCounts: { CLAUSE: 3, CONTROL_AREA: 1, CONTROL: 1 },
    requirements: [
      {
        id: '1',
        refId: '1',
        title: 'Scope',
        kind: 'CLAUSE',
        assessable: true,
        pdcaPhase: 'PLAN',
        children: [
          {
            id: '1.1',
            refId: '1.1',
            title: 'Systems in scope',
            kind: 'CLAUSE',
            assessable: true,
            pdcaPhase: 'PLAN',
          },
          { id: '1.2', refId: '1.2', title: 'Exclusions', kind: 'CLAUSE', assessable: true },
        ],
      },
      {
        id: 'c',
        refId: 'C',
        title: 'Controls',
        kind: 'CONTROL_AREA',
        assessable: false,
        children: [{ id: 'c.1', refId: 'C.1', title: 'Model inventory', kind: 'CONTROL', assessable: true }],
      },
    ],
  };
}

function mappingSet(): Doc {
  return {
    urn: 'urn:aims:mapping:acme-policy-1:iso-iec-42001-2023',
    name: 'ACME policy to 42001',
    sourceFramework: 'urn:aims:framework:acme-policy:1',
    targetFramework: 'urn:aims:framework:iso-iec-42001:2023',
    provenance: { publisher: 'ACME', authoredBy: 'organisation', date: '2026-11-01', status: 'draft' },
    mappings: [
      { source: '1.1', targets: ['4.3'], relationship: 'SUBSET', rationale: 'narrower', strength: 0.7 },
      {
        source: 'c.1',
        targets: ['a.4.2', 'urn:aims:req:iso-iec-42001-2023:a.6.2.7'],
        relationship: 'RELATED',
      },
    ],
  };
}

function paths(errors: { path: string }[]): string[] {
  return errors.map((e) => e.path);
}

describe('validateFrameworkDocument', () => {
  it('accepts a valid document and normalises it', () => {
    const { errors, document } = validateFrameworkDocument(framework(), { strict: true });
    expect(errors).toEqual([]);
    expect(document.requirements).toHaveLength(2);
    expect(document.requirements[0].children[0]).toMatchObject({
      id: '1.1',
      kind: RequirementKind.CLAUSE,
      pdcaPhase: PdcaPhase.PLAN,
      secondary: false,
      titleZh: null,
      path: 'requirements[0].children[0]',
    });
  });

  // Each row breaks one thing and names the path and message it must produce.
  it.each<[string, (d: Doc) => void, string, RegExp]>([
    ['missing urn', (d) => delete d.urn, 'urn', /is required/],
    ['malformed urn', (d) => (d.urn = 'acme:policy'), 'urn', /not well-formed/],
    ['upper-case slug', (d) => (d.slug = 'ACME'), 'slug', /not well-formed/],
    ['numeric version', (d) => (d.version = 1.0), 'version', /must be a string \(quote it: '1'\)/],
    ['empty name', (d) => (d.name = '  '), 'name', /must not be empty/],
    ['unknown top-level field', (d) => (d.owner = 'x'), 'owner', /not a known field/],
    ['requirements not a list', (d) => (d.requirements = {}), 'requirements', /must be a list/],
    ['no requirements', (d) => (d.requirements = []), 'requirements', /must not be empty/],
    [
      'node not an object',
      (d) => (d.requirements[0].children[1] = 'x'),
      'requirements[0].children[1]',
      /mapping of fields/,
    ],
    [
      'missing id',
      (d) => delete d.requirements[1].children[0].id,
      'requirements[1].children[0].id',
      /is required/,
    ],
    ['numeric id', (d) => (d.requirements[0].id = 1), 'requirements[0].id', /quote it/],
    [
      'malformed id',
      (d) => (d.requirements[0].children[0].id = 'A 1'),
      'requirements[0].children[0].id',
      /not well-formed/,
    ],
    [
      'duplicate id',
      (d) => (d.requirements[1].children[0].id = '1.1'),
      'requirements[1].children[0].id',
      /duplicates the id '1.1' of requirements\[0\]\.children\[0\]/,
    ],
    ['missing title', (d) => delete d.requirements[0].title, 'requirements[0].title', /is required/],
    [
      'unknown kind',
      (d) => (d.requirements[1].children[0].kind = 'SAFEGUARD'),
      'requirements[1].children[0].kind',
      /must be one of/,
    ],
    [
      'bad PDCA phase',
      (d) => (d.requirements[0].pdcaPhase = 'DONE'),
      'requirements[0].pdcaPhase',
      /must be one of PLAN, DO, CHECK, ACT/,
    ],
    [
      'assessable not boolean',
      (d) => (d.requirements[0].assessable = 'yes'),
      'requirements[0].assessable',
      /true or false/,
    ],
    [
      'misspelt children',
      (d) => (d.requirements[0].chidren = []),
      'requirements[0].chidren',
      /not a known field/,
    ],
    [
      'count differs',
      (d) => (d.expectedCounts.CONTROL = 38),
      'expectedCounts.CONTROL',
      /expects 38 CONTROL nodes but the tree has 1/,
    ],
    [
      'kind missing from counts',
      (d) => delete d.expectedCounts.CONTROL_AREA,
      'expectedCounts.CONTROL_AREA',
      /is missing: the tree has 1/,
    ],
    [
      'unknown kind in counts',
      (d) => (d.expectedCounts.WIDGET = 0),
      'expectedCounts.WIDGET',
      /not a requirement kind/,
    ],
    ['negative count', (d) => (d.expectedCounts.CLAUSE = -1), 'expectedCounts.CLAUSE', /whole number/],
  ])('reports %s', (_, breakIt, path, message) => {
    const doc = framework();
    breakIt(doc);
    const { errors } = validateFrameworkDocument(doc, { strict: true });
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each<[string, (d: Doc) => void, string]>([
    ['refId', (d) => delete d.requirements[0].refId, 'requirements[0].refId'],
    ['assessable', (d) => delete d.requirements[0].assessable, 'requirements[0].assessable'],
    ['provenance', (d) => delete d.provenance, 'provenance'],
    ['expectedCounts', (d) => delete d.expectedCounts, 'expectedCounts'],
  ])('requires %s in curated files only; imports default it', (_, omit, path) => {
    const doc = framework();
    omit(doc);
    expect(paths(validateFrameworkDocument(doc, { strict: true }).errors)).toEqual([path]);
    const lenient = validateFrameworkDocument(doc);
    expect(lenient.errors).toEqual([]);
    expect(lenient.document.requirements[0]).toMatchObject({ refId: '1', assessable: true });
  });

  it('lists every problem of a broken document at once, not just the first', () => {
    const doc = framework();
    doc.urn = 'not-a-urn';
    doc.requirements[0].kind = 'NOPE';
    doc.requirements[0].children[0].id = 'Bad Id';
    doc.requirements[0].children[1].id = '1';
    doc.requirements[1].children[0].title = '';
    const { errors } = validateFrameworkDocument(doc, { strict: true });
    expect(paths(errors)).toEqual([
      'urn',
      'requirements[0].kind',
      'requirements[0].children[0].id',
      'requirements[0].children[1].id',
      'requirements[1].children[0].title',
      'expectedCounts.CLAUSE',
    ]);
  });

  it('keeps the valid ancestors of a broken node, and still declares the broken node’s id', () => {
    const doc = framework();
    doc.requirements[1].children[0].kind = 'GADGET';
    const { errors, document } = validateFrameworkDocument(doc);
    expect(errors.map((e) => e.path)).toEqual(['requirements[1].children[0].kind', 'expectedCounts.CONTROL']);
    expect(flattenRequirements(document.requirements).map((f) => f.node.id)).toEqual([
      '1',
      '1.1',
      '1.2',
      'c',
    ]);
    expect(document.declaredIds).toEqual(['1', '1.1', '1.2', 'c', 'c.1']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(paths(validateFrameworkDocument(['x']).errors)).toContain('');
  });

  it('stops walking past the nesting limit instead of recursing without end', () => {
    const doc = framework();
    let node = doc.requirements[0];
    for (let i = 0; i < 40; i++) {
      const child = { id: `deep-${i}`, title: 'deep', kind: 'CLAUSE' };
      node.children = [child];
      node = child;
    }
    delete doc.expectedCounts;
    expect(validateFrameworkDocument(doc).errors).toContainEqual({
      path: expect.stringMatching(/\.children$/),
      message: expect.stringMatching(/at most 16 levels/),
    });
  });
});

describe('flattenRequirements', () => {
  it('lists nodes in document order with parent, ancestors, depth and position', () => {
    const { document } = validateFrameworkDocument(framework());
    expect(
      flattenRequirements(document.requirements).map((f) => [
        f.node.id,
        f.parentId,
        f.ancestorIds,
        f.depth,
        f.position,
      ]),
    ).toEqual([
      ['1', null, [], 0, 0],
      ['1.1', '1', ['1'], 1, 1],
      ['1.2', '1', ['1'], 1, 2],
      ['c', null, [], 0, 3],
      ['c.1', 'c', ['c'], 1, 4],
    ]);
  });
});

describe('validateMappingDocument', () => {
  it('accepts a valid document and lists its references', () => {
    const { errors, document, references } = validateMappingDocument(mappingSet(), { strict: true });
    expect(errors).toEqual([]);
    expect(document.mappings[0]).toMatchObject({
      relationship: MappingRelationship.SUBSET,
      strength: 0.7,
      path: 'mappings[0]',
    });
    expect(references.map((r) => `${r.side}:${r.path}`)).toEqual([
      'source:mappings[0].source',
      'target:mappings[0].targets[0]',
      'source:mappings[1].source',
      'target:mappings[1].targets[0]',
      'target:mappings[1].targets[1]',
    ]);
  });

  it.each<[string, (d: Doc) => void, string, RegExp]>([
    ['malformed set URN', (d) => (d.urn = 'urn:aims:mapping:one'), 'urn', /not well-formed/],
    [
      'malformed framework URN',
      (d) => (d.targetFramework = 'iso-42001'),
      'targetFramework',
      /not well-formed/,
    ],
    [
      'unknown relationship',
      (d) => (d.mappings[0].relationship = 'OVERLAPS'),
      'mappings[0].relationship',
      /must be one of EQUAL, SUBSET, SUPERSET, INTERSECT, RELATED/,
    ],
    [
      'missing relationship',
      (d) => delete d.mappings[1].relationship,
      'mappings[1].relationship',
      /is required/,
    ],
    ['strength above 1', (d) => (d.mappings[0].strength = 1.5), 'mappings[0].strength', /from 0 to 1/],
    ['missing source', (d) => delete d.mappings[0].source, 'mappings[0].source', /is required/],
    ['numeric target', (d) => (d.mappings[0].targets = [4.3]), 'mappings[0].targets[0]', /quote it/],
    [
      'malformed target',
      (d) => (d.mappings[0].targets = ['A.4.2']),
      'mappings[0].targets[0]',
      /not well-formed/,
    ],
    ['empty targets', (d) => (d.mappings[0].targets = []), 'mappings[0].targets', /must not be empty/],
    ['bad status', (d) => (d.provenance.status = 'final'), 'provenance.status', /published, draft/],
    ['bad author', (d) => (d.provenance.authoredBy = 'me'), 'provenance.authoredBy', /must be one of/],
    [
      'project row without rationale',
      (d) => (d.provenance.authoredBy = 'aims-project'),
      'mappings[1].rationale',
      /rationale per row/,
    ],
    ['unknown row field', (d) => (d.mappings[0].target = '4.3'), 'mappings[0].target', /not a known field/],
  ])('reports %s', (_, breakIt, path, message) => {
    const doc = mappingSet();
    breakIt(doc);
    expect(validateMappingDocument(doc, { strict: true }).errors).toContainEqual({
      path,
      message: expect.stringMatching(message),
    });
  });

  it('defaults the provenance of imports to an organisation draft', () => {
    const doc = mappingSet();
    delete doc.provenance;
    const { errors, document } = validateMappingDocument(doc);
    expect(errors).toEqual([]);
    expect(document.provenance).toMatchObject({ authoredBy: 'organisation', status: 'draft' });
    expect(paths(validateMappingDocument(doc, { strict: true }).errors)).toEqual(['provenance']);
  });

  it('keeps the references of broken rows so that they are resolved too', () => {
    const doc = mappingSet();
    doc.mappings[0].relationship = 'NOPE';
    const { document, references } = validateMappingDocument(doc);
    expect(document.mappings).toHaveLength(1);
    expect(references.map((r) => r.path)).toContain('mappings[0].targets[0]');
  });
});

describe('resolveMappingReferences', () => {
  const frameworks = new Map<string, FrameworkIndexEntry>([
    [
      'urn:aims:framework:acme-policy:1',
      {
        urn: 'urn:aims:framework:acme-policy:1',
        slug: 'acme-policy-1',
        ids: new Set(['1', '1.1', '1.2', 'c', 'c.1']),
      },
    ],
    [
      'urn:aims:framework:iso-iec-42001:2023',
      {
        urn: 'urn:aims:framework:iso-iec-42001:2023',
        slug: 'iso-iec-42001-2023',
        ids: new Set(['4.3', 'a.4.2', 'a.6.2.7']),
      },
    ],
  ]);
  const resolve = (doc: Doc) => {
    const { document, references } = validateMappingDocument(doc);
    return resolveMappingReferences(document, references, (urn) => frameworks.get(urn));
  };

  it('resolves ids and full URNs to requirement URNs, one pair per target', () => {
    const { errors, pairs } = resolve(mappingSet());
    expect(errors).toEqual([]);
    expect(pairs.map((p) => [p.sourceUrn, p.targetUrn, p.row.relationship])).toEqual([
      ['urn:aims:req:acme-policy-1:1.1', 'urn:aims:req:iso-iec-42001-2023:4.3', 'SUBSET'],
      ['urn:aims:req:acme-policy-1:c.1', 'urn:aims:req:iso-iec-42001-2023:a.4.2', 'RELATED'],
      ['urn:aims:req:acme-policy-1:c.1', 'urn:aims:req:iso-iec-42001-2023:a.6.2.7', 'RELATED'],
    ]);
  });

  it('reports every unknown reference, including those of otherwise broken rows', () => {
    const doc = mappingSet();
    doc.mappings[0].source = '9.9';
    doc.mappings[0].relationship = 'NOPE';
    doc.mappings[1].targets = ['a.4.2', 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1', 'a.99'];
    const { errors } = resolve(doc);
    expect(errors).toEqual([
      {
        path: 'mappings[0].source',
        message: "'9.9' is not a requirement of urn:aims:framework:acme-policy:1",
      },
      {
        path: 'mappings[1].targets[1]',
        message:
          "'urn:aims:req:nist-ai-rmf-1.0:govern-1.1' is not a requirement of urn:aims:framework:iso-iec-42001:2023",
      },
      {
        path: 'mappings[1].targets[2]',
        message: "'a.99' is not a requirement of urn:aims:framework:iso-iec-42001:2023",
      },
    ]);
  });

  it('reports unknown frameworks', () => {
    const doc = mappingSet();
    doc.sourceFramework = 'urn:aims:framework:other:1';
    expect(resolve(doc).errors).toEqual([
      { path: 'sourceFramework', message: 'unknown framework urn:aims:framework:other:1' },
    ]);
  });

  it('rejects repeated pairs and self-mappings', () => {
    const doc = mappingSet();
    doc.targetFramework = doc.sourceFramework;
    doc.mappings = [
      { source: '1', targets: ['1.1', 'urn:aims:req:acme-policy-1:1.1'], relationship: 'SUPERSET' },
      { source: 'c', targets: ['c'], relationship: 'EQUAL' },
    ];
    expect(resolve(doc).errors).toEqual([
      {
        path: 'mappings[0].targets[1]',
        message: expect.stringMatching(/repeats the mapping .* of mappings\[0\]\.targets\[0\]/),
      },
      { path: 'mappings[1].targets[0]', message: 'maps a requirement to itself' },
    ]);
  });
});
