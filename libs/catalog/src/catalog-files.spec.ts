import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { flattenRequirements } from './catalog-document';
import { builtInCatalogDir, CatalogValidationError, checkBatch, readCatalogDirectory } from './catalog-files';

describe('built-in catalog files', () => {
  const batch = readCatalogDirectory(builtInCatalogDir());

  it('are all valid under the strict rules', () => {
    expect(batch.frameworks.map((f) => f.origin)).toHaveLength(6);
    expect(batch.mappingSets.map((m) => m.origin)).toHaveLength(4);
  });

  it('resolve every mapping reference', () => {
    const { problems, pairs } = checkBatch(batch);
    expect(problems).toEqual([]);
    for (const set of batch.mappingSets) {
      const expected = set.document.mappings.reduce((n, row) => n + row.targets.length, 0);
      expect(pairs.get(set)).toHaveLength(expected);
    }
  });

  it('give every requirement a URN unique across all frameworks', () => {
    const urns = batch.frameworks.flatMap((f) =>
      flattenRequirements(f.document.requirements).map((r) => `${f.document.slug}:${r.node.id}`),
    );
    expect(new Set(urns).size).toBe(urns.length);
  });
});

describe('builtInCatalogDir', () => {
  it('finds the data folder from the build output too (dist/ holds no YAML)', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    expect(builtInCatalogDir(path.join(root, 'dist', 'libs', 'catalog', 'src'))).toBe(
      path.join(root, 'libs', 'catalog', 'data'),
    );
  });
});

describe('readCatalogDirectory on broken files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-catalog-'));
    fs.mkdirSync(path.join(dir, 'frameworks'));
    fs.mkdirSync(path.join(dir, 'mappings'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, content: string) => fs.writeFileSync(path.join(dir, file), content);
  const framework = (urn: string, slug: string, extra = '') => `
urn: ${urn}
slug: ${slug}
name: Test
version: '1'
provenance: { source: test }
expectedCounts: { CLAUSE: 1 }
requirements:
  - { id: '1', refId: '1', title: One, kind: CLAUSE, assessable: true }${extra}
`;

  it('lists every problem of every file, then refuses the whole directory', () => {
    write(
      'frameworks/a.yaml',
      framework(
        'urn:aims:framework:a:1',
        'a-1',
        "\n  - { id: '2', refId: '2', title: Two, kind: CLAUS, assessable: true }",
      ),
    );
    write('frameworks/b.yaml', framework('urn:aims:framework:a:1', 'b-1'));
    write('frameworks/c.yaml', 'urn: [');
    write(
      'mappings/a--a.yaml',
      `
urn: urn:aims:mapping:a-1:a-1
name: A to itself, towards the broken node (reported once, in its own file)
sourceFramework: urn:aims:framework:a:1
targetFramework: urn:aims:framework:a:1
provenance: { publisher: test, authoredBy: third-party, date: '2026', status: published }
mappings:
  - { source: '1', targets: ['2'], relationship: RELATED }
`,
    );
    write(
      'mappings/a--b.yaml',
      `
urn: urn:aims:mapping:a-1:b-1
name: A to B
sourceFramework: urn:aims:framework:a:1
targetFramework: urn:aims:framework:missing:1
provenance: { publisher: test, authoredBy: third-party, date: '2026', status: published }
mappings:
  - { source: '1', targets: ['9'], relationship: CLOSE }
`,
    );
    write('mappings/wrong-folder.yaml', framework('urn:aims:framework:d:1', 'd-1'));

    let error: unknown;
    try {
      readCatalogDirectory(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CatalogValidationError);
    const problems = (error as CatalogValidationError).problems.map((p) => `${p.file} ${p.path}`);
    expect(problems).toEqual([
      'frameworks/a.yaml requirements[1].kind',
      'frameworks/c.yaml ',
      'mappings/a--b.yaml mappings[0].relationship',
      'mappings/wrong-folder.yaml ',
      'frameworks/b.yaml urn',
      'mappings/a--b.yaml targetFramework',
    ]);
    expect((error as Error).message).toMatch(/6 problem\(s\)/);
  });
});
