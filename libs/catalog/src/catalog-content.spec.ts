import {
  CatalogDocumentKind,
  CatalogFormat,
  MAX_CATALOG_CONTENT_BYTES,
  readCatalogDocument,
} from './catalog-content';

const FRAMEWORK_YAML = `
urn: urn:aims:framework:acme:1
slug: acme-1
name: ACME
version: '1'
requirements:
  - id: '1'
    title: One
    kind: CLAUSE
`;

describe('readCatalogDocument', () => {
  it('tells a framework (top-level requirements) from a mapping set (top-level mappings)', () => {
    expect(readCatalogDocument(FRAMEWORK_YAML, CatalogFormat.YAML).kind).toBe(CatalogDocumentKind.FRAMEWORK);
    const set = JSON.stringify({
      urn: 'urn:aims:mapping:a:b',
      name: 'x',
      sourceFramework: 'urn:aims:framework:a:1',
      targetFramework: 'urn:aims:framework:b:1',
      mappings: [],
    });
    expect(readCatalogDocument(set, CatalogFormat.JSON).kind).toBe(CatalogDocumentKind.MAPPING_SET);
  });

  it('reads JSON as well as YAML', () => {
    const result = readCatalogDocument(
      JSON.stringify({
        urn: 'urn:aims:framework:acme:1',
        slug: 'acme-1',
        name: 'ACME',
        version: '1',
        requirements: [{ id: '1', title: 'One', kind: 'CLAUSE' }],
      }),
      CatalogFormat.JSON,
    );
    expect(result.errors).toEqual([]);
  });

  it.each<[string, string, CatalogFormat, RegExp]>([
    ['broken YAML', 'urn: [unclosed', CatalogFormat.YAML, /is not valid YAML \(line 1, column \d+\)/],
    [
      'duplicate YAML keys',
      'urn: a\nurn: b\nrequirements: []',
      CatalogFormat.YAML,
      /is not valid YAML.*unique/i,
    ],
    [
      'several YAML documents',
      `${FRAMEWORK_YAML}\n---\n${FRAMEWORK_YAML}`,
      CatalogFormat.YAML,
      /is not valid YAML/,
    ],
    ['broken JSON', '{"urn": ', CatalogFormat.JSON, /is not valid JSON/],
    ['YAML sent as JSON', FRAMEWORK_YAML, CatalogFormat.JSON, /is not valid JSON/],
    ['a list', '- a\n- b', CatalogFormat.YAML, /must be a mapping of fields/],
    ['a scalar', '42', CatalogFormat.YAML, /must be a mapping of fields/],
    ['neither kind', 'urn: x', CatalogFormat.YAML, /neither a framework .* nor a mapping set/],
    ['both kinds', 'requirements: []\nmappings: []', CatalogFormat.YAML, /has both/],
  ])('refuses %s as a whole-document problem', (_, content, format, message) => {
    const result = readCatalogDocument(content, format);
    expect(result.kind).toBeNull();
    expect(result.errors).toContainEqual({ path: '', message: expect.stringMatching(message) });
  });

  it('refuses content over the size limit before parsing it', () => {
    const result = readCatalogDocument(`# ${'x'.repeat(MAX_CATALOG_CONTENT_BYTES)}`, CatalogFormat.YAML);
    expect(result.errors).toEqual([{ path: '', message: 'is larger than 512 KiB' }]);
  });
});
