import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';
import { recordStatements } from './support/sql-statements';

const DATA = path.join(__dirname, '..', 'libs', 'catalog', 'data');
const ISO_42001 = 'urn:aims:framework:iso-iec-42001:2023';
const req42001 = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;

interface FrameworkFile {
  file: string;
  urn: string;
  slug: string;
  expectedCounts: Record<string, number>;
}

interface MappingFile {
  file: string;
  sourceFramework: string;
  targetFramework: string;
  mappings: { source: string; targets: string[]; relationship: string }[];
}

function readFolder<T>(folder: string): T[] {
  return fs
    .readdirSync(path.join(DATA, folder))
    .sort()
    .map(
      (file) => ({ file, ...(parse(fs.readFileSync(path.join(DATA, folder, file), 'utf8')) as object) }) as T,
    );
}

const FRAMEWORK_FILES = readFolder<FrameworkFile>('frameworks');
const MAPPING_FILES = readFolder<MappingFile>('mappings');

describe('framework catalogs', () => {
  let t: TestApp;
  let org: TestOrg;
  const q = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
    gqlOk<T>(t.http, org.ownerToken, query, variables);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http);
  });
  afterAll(() => t.close());

  it('lists every built-in framework', async () => {
    const data = await q('{ frameworks { urn slug name version builtIn provenance { authoredBy } } }');
    const builtIn = data.frameworks.filter((f: any) => f.builtIn);
    expect(builtIn.map((f: any) => f.urn).sort()).toEqual(FRAMEWORK_FILES.map((f) => f.urn).sort());
  });

  describe.each(FRAMEWORK_FILES)('$file', (file) => {
    it('has, per kind, the number of requirements its file expects', async () => {
      const kinds = Object.keys(file.expectedCounts);
      const perKind = kinds
        .map((k) => `${k}: requirements(filter: { kind: ${k} }) { totalCount }`)
        .join('\n');
      const data = await q(
        `query($urn: String!) { framework(urn: $urn) { countsByKind { kind count } all: requirements { totalCount } ${perKind} } }`,
        {
          urn: file.urn,
        },
      );
      const framework = data.framework;
      for (const kind of kinds)
        expect({ kind, count: framework[kind].totalCount }).toEqual({
          kind,
          count: file.expectedCounts[kind],
        });
      expect(Object.fromEntries(framework.countsByKind.map((c: any) => [c.kind, c.count]))).toEqual(
        file.expectedCounts,
      );
      const total = Object.values(file.expectedCounts).reduce((a, b) => a + b, 0);
      expect(framework.all.totalCount).toBe(total);
    });
  });

  const countsOf = async (urn: string) => {
    const data = await q('query($urn: String!) { framework(urn: $urn) { countsByKind { kind count } } }', {
      urn,
    });
    return Object.fromEntries(data.framework.countsByKind.map((c: any) => [c.kind, c.count]));
  };

  it('holds the headline numbers of the issue', async () => {
    expect(await countsOf(ISO_42001)).toMatchObject({ CONTROL: 38, CONTROL_AREA: 9 });
    expect(await countsOf('urn:aims:framework:nist-ai-rmf:1.0')).toMatchObject({
      FUNCTION: 4,
      CATEGORY: 19,
      SUBCATEGORY: 72,
      CHARACTERISTIC: 7,
    });
    expect(await countsOf('urn:aims:framework:tc260-ai-safety-governance:1.0')).toMatchObject({
      RISK_CATEGORY: 2,
      RISK_GROUP: 7,
      RISK: 26,
    });
  });

  it('gives EU AI Act Art. 5 eight paragraphs and Annex III eight areas with 25 points', async () => {
    const data = await q(`{
      art5: requirement(urn: "urn:aims:req:eu-ai-act:art-5") { children { refId kind } }
      annex: requirement(urn: "urn:aims:req:eu-ai-act:annex-iii") { children { refId kind children { refId kind } } }
    }`);
    expect(data.art5.children.map((c: any) => c.refId)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => `Art. 5(1)(${p})`),
    );
    expect(data.art5.children.every((c: any) => c.kind === 'PARAGRAPH')).toBe(true);
    expect(data.annex.children).toHaveLength(8);
    // Point 2 (critical infrastructure) has no lettered sub-points: it is a point itself.
    expect(data.annex.children.map((a: any) => a.children.length)).toEqual([3, 0, 4, 2, 4, 5, 4, 2]);
    const subPoints = data.annex.children.flatMap((a: any) => (a.children.length ? a.children : [a]));
    expect(subPoints).toHaveLength(25);
    expect(subPoints.every((p: any) => p.kind === 'ANNEX_POINT')).toBe(true);
  });

  it('walks the ISO/IEC 42001 clause tree, clauses 4-10 with their PDCA phases', async () => {
    const data = await q(
      `query($urn: String!) { framework(urn: $urn) { roots { refId kind pdcaPhase depth
          children { refId pdcaPhase depth parent { refId } children { refId pdcaPhase ancestors { refId } } } } } }`,
      { urn: ISO_42001 },
    );
    const clauses = data.framework.roots.filter((r: any) => r.kind === 'CLAUSE');
    expect(clauses.map((c: any) => [c.refId, c.pdcaPhase])).toEqual([
      ['4', 'PLAN'],
      ['5', 'PLAN'],
      ['6', 'PLAN'],
      ['7', 'DO'],
      ['8', 'DO'],
      ['9', 'CHECK'],
      ['10', 'ACT'],
    ]);
    const all = clauses.flatMap((c: any) => [
      c,
      ...c.children,
      ...c.children.flatMap((s: any) => s.children),
    ]);
    expect(all).toHaveLength(43);
    for (const clause of clauses) {
      for (const sub of clause.children) {
        expect(sub).toMatchObject({ pdcaPhase: clause.pdcaPhase, depth: 1, parent: { refId: clause.refId } });
        for (const leaf of sub.children) {
          expect(leaf.pdcaPhase).toBe(clause.pdcaPhase);
          expect(leaf.ancestors.map((a: any) => a.refId)).toEqual([clause.refId, sub.refId]);
        }
      }
    }
    const six = clauses.find((c: any) => c.refId === '6');
    expect(six.children.map((c: any) => c.refId)).toEqual(['6.1', '6.2', '6.3']);
    expect(six.children[0].children.map((c: any) => c.refId)).toEqual(['6.1.1', '6.1.2', '6.1.3', '6.1.4']);
  });

  it('walks ISO/IEC 42001 Annex A: 38 controls in 9 areas', async () => {
    const data = await q(
      `query($urn: String!) { requirement(urn: $urn) { refId kind
          children { refId kind assessable children { refId kind assessable parent { refId } ancestors { refId } } } } }`,
      { urn: req42001('annex-a') },
    );
    const areas = data.requirement.children;
    expect(areas.map((a: any) => a.refId)).toEqual([
      'A.2',
      'A.3',
      'A.4',
      'A.5',
      'A.6',
      'A.7',
      'A.8',
      'A.9',
      'A.10',
    ]);
    expect(areas.every((a: any) => a.kind === 'CONTROL_AREA' && a.assessable === false)).toBe(true);
    expect(areas.map((a: any) => a.children.length)).toEqual([3, 2, 5, 4, 9, 5, 4, 3, 3]);
    for (const area of areas) {
      for (const control of area.children) {
        expect(control).toMatchObject({ kind: 'CONTROL', assessable: true, parent: { refId: area.refId } });
        expect(control.ancestors.map((a: any) => a.refId)).toEqual(['Annex A', area.refId]);
        expect(control.refId.startsWith(`${area.refId}.`)).toBe(true);
      }
    }
    const a6 = areas.find((a: any) => a.refId === 'A.6').children.map((c: any) => c.refId);
    expect(a6).toEqual([
      'A.6.1.2',
      'A.6.1.3',
      'A.6.2.2',
      'A.6.2.3',
      'A.6.2.4',
      'A.6.2.5',
      'A.6.2.6',
      'A.6.2.7',
      'A.6.2.8',
    ]);
  });

  it('filters requirements by kind, phase, parent, text and assessability', async () => {
    const data = await q(
      `query($urn: String!, $parent: String!) { framework(urn: $urn) {
        check: requirements(filter: { pdcaPhase: CHECK }) { totalCount edges { node { refId } } }
        under61: requirements(filter: { parentUrn: $parent }) { edges { node { refId } } }
        search: requirements(filter: { search: "EVENT LOG" }) { edges { node { refId } } }
        notAssessable: requirements(filter: { assessable: false }) { totalCount }
        plainClauses: requirements(filter: { kind: CLAUSE, pdcaPhase: ACT }) { edges { node { refId } } }
        top: requirements(filter: { topLevel: true }) { totalCount }
      } }`,
      { urn: ISO_42001, parent: req42001('6.1') },
    );
    const refs = (c: any) => c.edges.map((e: any) => e.node.refId);
    expect(refs(data.framework.check)).toEqual([
      '9',
      '9.1',
      '9.2',
      '9.2.1',
      '9.2.2',
      '9.3',
      '9.3.1',
      '9.3.2',
      '9.3.3',
    ]);
    expect(refs(data.framework.under61)).toEqual(['6.1.1', '6.1.2', '6.1.3', '6.1.4']);
    expect(refs(data.framework.search)).toEqual(['A.6.2.8']);
    expect(data.framework.notAssessable.totalCount).toBe(10);
    expect(refs(data.framework.plainClauses)).toEqual(['10', '10.1', '10.2']);
    expect(data.framework.top.totalCount).toBe(8);
  });

  it('pages through a framework in document order with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await q(
        `query($urn: String!, $after: String) { framework(urn: $urn) {
          requirements(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { refId position } } } } }`,
        { urn: ISO_42001, after },
      );
      const page = data.framework.requirements;
      expect(page.totalCount).toBe(91);
      seen.push(...page.edges.map((e: any) => e.node.refId));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(91);
    expect(new Set(seen).size).toBe(91);
    expect(seen.slice(0, 6)).toEqual(['4', '4.1', '4.2', '4.3', '4.4', '5']);
    expect(seen[seen.length - 1]).toBe('A.10.4');
  });

  it('refuses a malformed cursor and a page over 100', async () => {
    const bad = await gql(
      t.http,
      org.ownerToken,
      `{ framework(urn: "${ISO_42001}") { requirements(after: "nope") { totalCount } } }`,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const big = await gql(
      t.http,
      org.ownerToken,
      `{ framework(urn: "${ISO_42001}") { requirements(first: 101) { totalCount } } }`,
    );
    expect(errorCode(big)).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for URNs that do not exist', async () => {
    const framework = await gql(
      t.http,
      org.ownerToken,
      '{ framework(urn: "urn:aims:framework:nope:1") { id } }',
    );
    expect(errorCode(framework)).toBe('NOT_FOUND');
    const requirement = await gql(
      t.http,
      org.ownerToken,
      '{ requirement(urn: "urn:aims:req:iso-iec-42001-2023:99") { id } }',
    );
    expect(errorCode(requirement)).toBe('NOT_FOUND');
  });

  it('stores every built-in mapping, each resolving to a requirement of its frameworks', async () => {
    const data = await q(`{ mappingSets { urn builtIn mappingCount
        sourceFramework { urn slug } targetFramework { urn slug }
        provenance { publisher authoredBy date status }
        mappings { relationship source { urn framework { urn } } target { urn framework { urn } } } } }`);
    const sets = data.mappingSets.filter((s: any) => s.builtIn);
    expect(sets).toHaveLength(MAPPING_FILES.length);
    for (const file of MAPPING_FILES) {
      const set = sets.find(
        (s: any) =>
          s.sourceFramework.urn === file.sourceFramework && s.targetFramework.urn === file.targetFramework,
      );
      const expected = file.mappings.flatMap((m) =>
        m.targets.map((target) => [
          `urn:aims:req:${set.sourceFramework.slug}:${m.source}`,
          `urn:aims:req:${set.targetFramework.slug}:${target}`,
          m.relationship,
        ]),
      );
      expect(set.mappingCount).toBe(expected.length);
      expect(set.mappings.map((m: any) => [m.source.urn, m.target.urn, m.relationship])).toEqual(expected);
      for (const m of set.mappings) {
        expect(m.source.framework.urn).toBe(file.sourceFramework);
        expect(m.target.framework.urn).toBe(file.targetFramework);
      }
      expect(set.provenance.status).toMatch(/^(published|draft)$/);
    }
  });

  it('follows a mapping forwards from its source and backwards from its target', async () => {
    const fields = `mappings { id direction relationship rationale strength requirement { urn }
      mappingSet { urn provenance { publisher authoredBy status } } }`;
    const data = await q(`{
      govern: requirement(urn: "urn:aims:req:nist-ai-rmf-1.0:govern-1.1") { ${fields} }
      clause: requirement(urn: "${req42001('4.1')}") { ${fields} }
      risk: requirement(urn: "${req42001('6.1.2')}") { ${fields} }
      article: requirement(urn: "urn:aims:req:eu-ai-act:art-9") { ${fields} }
    }`);
    expect(data.govern.mappings.map((m: any) => [m.direction, m.relationship, m.requirement.urn])).toEqual(
      ['4.1', '6.2', 'a.2.2', 'a.2.4'].map((id) => ['FORWARD', 'RELATED', req42001(id)]),
    );
    const back = data.clause.mappings.find(
      (m: any) => m.requirement.urn === 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1',
    );
    expect(back).toMatchObject({
      direction: 'DERIVED',
      relationship: 'RELATED',
      mappingSet: {
        urn: 'urn:aims:mapping:nist-ai-rmf-1.0:iso-iec-42001-2023',
        provenance: { authoredBy: 'third-party', status: 'published' },
      },
    });
    expect(back.id).toBe(data.govern.mappings[0].id);

    const forward = data.risk.mappings.find((m: any) => m.requirement.urn === 'urn:aims:req:eu-ai-act:art-9');
    expect(forward).toMatchObject({ direction: 'FORWARD', relationship: 'INTERSECT', strength: 0.6 });
    expect(forward.rationale).toMatch(/process/);
    const reverse = data.article.mappings.find((m: any) => m.requirement.urn === req42001('6.1.2'));
    expect(reverse).toMatchObject({
      direction: 'DERIVED',
      relationship: 'INTERSECT',
      strength: 0.6,
      rationale: forward.rationale,
    });
  });

  it('filters a requirement’s mappings by relationship and by the other end’s framework', async () => {
    const data = await q(`{ requirement(urn: "${req42001('6.1.2')}") {
      nist: mappings(filter: { frameworkUrn: "urn:aims:framework:nist-ai-rmf:1.0" }) { requirement { urn } }
      intersect: mappings(filter: { relationship: INTERSECT }) { requirement { urn } }
      all: mappings { requirement { urn } } } }`);
    const r = data.requirement;
    expect(r.nist.map((m: any) => m.requirement.urn).sort()).toEqual([
      'urn:aims:req:nist-ai-rmf-1.0:govern-1.3',
      'urn:aims:req:nist-ai-rmf-1.0:map-5.1',
    ]);
    expect(r.intersect.every((m: any) => m.requirement.urn.startsWith('urn:aims:req:eu-ai-act:'))).toBe(true);
    expect(r.all.length).toBe(r.nist.length + r.intersect.length);
  });

  it('costs the same number of SQL statements for a page of 5 and a page of 100', async () => {
    const query = `query($first: Int!) { frameworks { urn requirements(first: $first) { totalCount edges { node {
        urn framework { urn } parent { urn } ancestors { urn } children { urn }
        mappings { relationship requirement { urn framework { urn } } mappingSet { urn } } } } } } }`;
    const statements = async (first: number) =>
      (await recordStatements(t.runtime.dataSource, () => q(query, { first }))).statements.length;
    const small = await statements(5);
    const large = await statements(100);
    expect(large).toBe(small);
    expect(small).toBeLessThan(25);
  });
});
