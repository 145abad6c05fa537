import { Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, GqlResponse, gqlOk } from './support/gql';

const ACME = 'urn:aims:framework:acme-ai-policy:2026';
const acme = (id: string) => `urn:aims:req:acme-ai-policy-2026:${id}`;
const req42001 = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;
const ACME_SET = 'urn:aims:mapping:acme-ai-policy-2026:iso-iec-42001-2023';

function acmeFramework(options: { gov2Title?: string; withGov3?: boolean } = {}): string {
  const gov3 =
    options.withGov3 === false
      ? ''
      : `
      - { id: gov.3, refId: GOV-3, title: Incident playbook, kind: CONTROL, assessable: true }`;
  return `
urn: ${ACME}
slug: acme-ai-policy-2026
name: ACME AI policy
version: '2026'
publisher: ACME Corp
expectedCounts: { SECTION: 1, CONTROL: ${options.withGov3 === false ? 2 : 3} }
requirements:
  - id: gov
    refId: GOV
    title: Governance
    kind: SECTION
    assessable: false
    children:
      - { id: gov.1, refId: GOV-1, title: Model inventory kept, kind: CONTROL, assessable: true }
      - { id: gov.2, refId: GOV-2, title: ${options.gov2Title ?? 'Risk owner named'}, kind: CONTROL, assessable: true }${gov3}
`;
}

const ACME_MAPPINGS = `
urn: ${ACME_SET}
name: ACME policy to ISO/IEC 42001
sourceFramework: ${ACME}
targetFramework: urn:aims:framework:iso-iec-42001:2023
provenance: { publisher: ACME Corp, authoredBy: organisation, date: '2026-11-01', status: draft }
mappings:
  - source: gov.1
    targets: [a.4.2]
    relationship: SUBSET
    rationale: Our inventory is one part of resource documentation.
    strength: 0.8
  - { source: gov.3, targets: [a.8.4], relationship: SUPERSET }
  - { source: gov.2, targets: [a.3.2], relationship: EQUAL }
`;

const IMPORT = `mutation($input: ImportFrameworkInput!) { importFramework(input: $input) {
  kind created changed retiredRequirementUrns
  framework { id urn builtIn requirements { totalCount } }
  mappingSet { id urn builtIn provenance { authoredBy status } } } }`;

describe('importing private frameworks and mapping sets', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let tokens: Record<Role, string>;

  const importDoc = (token: string, content: string, format?: 'JSON' | 'YAML') =>
    gql(t.http, token, IMPORT, { input: { content, ...(format ? { format } : {}) } });
  const q = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    gqlOk<any>(t.http, token, query, variables);
  const fieldsOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.fields ?? [];
  const frameworkCount = async (token: string) =>
    (await q(token, '{ frameworks { urn } }')).frameworks.length;
  const importAudits = async (token: string) =>
    (await q(token, '{ auditEvents(filter: { action: "framework.imported" }) { totalCount } }')).auditEvents
      .totalCount;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http, 'ACME');
    other = await createOrg(t.http, 'Other');
    tokens = await tokensByRole(t.http, org);
  });
  afterAll(() => t.close());

  it('imports a framework that only its organisation sees', async () => {
    const res = await importDoc(tokens.COMPLIANCE_OFFICER, acmeFramework());
    expect(res.errors).toBeUndefined();
    expect(res.data.importFramework).toMatchObject({
      kind: 'FRAMEWORK',
      created: true,
      changed: true,
      retiredRequirementUrns: [],
      framework: { urn: ACME, builtIn: false, requirements: { totalCount: 4 } },
      mappingSet: null,
    });

    const mine = await q(tokens.VIEWER, '{ frameworks { urn builtIn } }');
    expect(mine.frameworks.filter((f: any) => !f.builtIn).map((f: any) => f.urn)).toEqual([ACME]);
    const tree = await q(
      tokens.VIEWER,
      `{ requirement(urn: "${acme('gov.2')}") { refId kind parent { urn } framework { urn builtIn } } }`,
    );
    expect(tree.requirement).toMatchObject({
      refId: 'GOV-2',
      kind: 'CONTROL',
      parent: { urn: acme('gov') },
      framework: { urn: ACME },
    });

    const audit = await q(
      org.ownerToken,
      '{ auditEvents(filter: { action: "framework.imported" }) { edges { node { entityType entityId changes } } } }',
    );
    expect(audit.auditEvents.edges[0].node).toMatchObject({
      entityType: 'Framework',
      entityId: res.data.importFramework.framework.id,
      changes: { urn: ACME, created: true, requirements: 4 },
    });
  });

  it('hides it from every other organisation: NOT_FOUND, absent from lists', async () => {
    const others = await q(other.ownerToken, '{ frameworks { urn builtIn } }');
    expect(others.frameworks.some((f: any) => f.urn === ACME)).toBe(false);
    expect(others.frameworks.every((f: any) => f.builtIn)).toBe(true);

    // A foreign URN answers exactly like one that exists nowhere (the URN itself aside).
    const sameAsMissing = async (query: string, foreign: string, missing: string) => {
      const shape = (res: GqlResponse, urn: string) =>
        JSON.parse(JSON.stringify(res).split(urn).join('<urn>'));
      const foreignRes = await gql(t.http, other.ownerToken, query, { urn: foreign });
      const missingRes = await gql(t.http, other.ownerToken, query, { urn: missing });
      expect(errorCode(foreignRes)).toBe('NOT_FOUND');
      expect(shape(foreignRes, foreign)).toEqual(shape(missingRes, missing));
    };
    await sameAsMissing(
      'query($urn: String!) { framework(urn: $urn) { id } }',
      ACME,
      'urn:aims:framework:nowhere:1',
    );
    await sameAsMissing(
      'query($urn: String!) { requirement(urn: $urn) { id } }',
      acme('gov.1'),
      acme('nowhere'),
    );
  });

  it('imports a mapping set whose SUBSET reads as SUPERSET from the other side', async () => {
    const res = await importDoc(org.ownerToken, ACME_MAPPINGS);
    expect(res.errors).toBeUndefined();
    expect(res.data.importFramework).toMatchObject({
      kind: 'MAPPING_SET',
      created: true,
      framework: null,
      mappingSet: {
        urn: ACME_SET,
        builtIn: false,
        provenance: { authoredBy: 'organisation', status: 'draft' },
      },
    });

    const fields =
      'mappings { direction relationship rationale strength requirement { urn } mappingSet { urn builtIn } }';
    const data = await q(
      tokens.AUDITOR,
      `{
      gov1: requirement(urn: "${acme('gov.1')}") { ${fields} }
      gov3: requirement(urn: "${acme('gov.3')}") { ${fields} }
      a42: requirement(urn: "${req42001('a.4.2')}") { ${fields} }
      a84: requirement(urn: "${req42001('a.8.4')}") { ${fields} }
      a32: requirement(urn: "${req42001('a.3.2')}") { ${fields} }
    }`,
    );
    const only = (r: any) => r.mappings.filter((m: any) => m.mappingSet.urn === ACME_SET);
    expect(only(data.gov1)).toEqual([
      {
        direction: 'FORWARD',
        relationship: 'SUBSET',
        rationale: 'Our inventory is one part of resource documentation.',
        strength: 0.8,
        requirement: { urn: req42001('a.4.2') },
        mappingSet: { urn: ACME_SET, builtIn: false },
      },
    ]);
    expect(only(data.a42)).toEqual([
      {
        direction: 'DERIVED',
        relationship: 'SUPERSET',
        rationale: 'Our inventory is one part of resource documentation.',
        strength: 0.8,
        requirement: { urn: acme('gov.1') },
        mappingSet: { urn: ACME_SET, builtIn: false },
      },
    ]);
    expect(only(data.gov3).map((m: any) => [m.direction, m.relationship])).toEqual([['FORWARD', 'SUPERSET']]);
    expect(only(data.a84).map((m: any) => [m.direction, m.relationship])).toEqual([['DERIVED', 'SUBSET']]);
    expect(only(data.a32).map((m: any) => [m.direction, m.relationship])).toEqual([['DERIVED', 'EQUAL']]);

    // The built-in requirement is shared; the private mapping on it is not.
    const seenByOther = await q(
      other.ownerToken,
      `{ requirement(urn: "${req42001('a.4.2')}") { mappings { mappingSet { urn } } } mappingSets { urn } }`,
    );
    expect(seenByOther.requirement.mappings.some((m: any) => m.mappingSet.urn === ACME_SET)).toBe(false);
    expect(seenByOther.mappingSets.some((s: any) => s.urn === ACME_SET)).toBe(false);
    const mine = await q(
      org.ownerToken,
      `{ mappingSets(frameworkUrn: "${ACME}") { urn mappingCount sourceFramework { urn } } }`,
    );
    expect(mine.mappingSets).toEqual([{ urn: ACME_SET, mappingCount: 3, sourceFramework: { urn: ACME } }]);
  });

  it('updates a re-imported framework in place and retires what left the file', async () => {
    const before = await q(
      org.ownerToken,
      `{ framework(urn: "${ACME}") { id } gov2: requirement(urn: "${acme('gov.2')}") { id } }`,
    );
    const res = await importDoc(
      org.ownerToken,
      acmeFramework({ gov2Title: 'Named risk owner per system', withGov3: false }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.importFramework).toMatchObject({
      created: false,
      changed: true,
      retiredRequirementUrns: [acme('gov.3')],
      framework: { id: before.framework.id, requirements: { totalCount: 3 } },
    });

    const after = await q(
      org.ownerToken,
      `{
      gov2: requirement(urn: "${acme('gov.2')}") { id title retired }
      gov3: requirement(urn: "${acme('gov.3')}") { retired retiredAt mappings { relationship } }
      gov: requirement(urn: "${acme('gov')}") { children { refId } }
      framework(urn: "${ACME}") { all: requirements(filter: { includeRetired: true }) { totalCount } }
      frameworks { urn }
    }`,
    );
    expect(after.gov2).toEqual({ id: before.gov2.id, title: 'Named risk owner per system', retired: false });
    expect(after.gov3).toMatchObject({ retired: true, mappings: [{ relationship: 'SUPERSET' }] });
    expect(after.gov3.retiredAt).not.toBeNull();
    expect(after.gov.children.map((c: any) => c.refId)).toEqual(['GOV-1', 'GOV-2']);
    expect(after.framework.all.totalCount).toBe(4);
    expect(after.frameworks.filter((f: any) => f.urn === ACME)).toHaveLength(1);

    const again = await importDoc(
      org.ownerToken,
      acmeFramework({ gov2Title: 'Named risk owner per system', withGov3: false }),
    );
    expect(again.data.importFramework).toMatchObject({
      created: false,
      changed: false,
      retiredRequirementUrns: [],
    });

    const back = await importDoc(org.ownerToken, acmeFramework({ gov2Title: 'Named risk owner per system' }));
    expect(back.data.importFramework.framework.requirements.totalCount).toBe(4);
    const restored = await q(org.ownerToken, `{ requirement(urn: "${acme('gov.3')}") { retired } }`);
    expect(restored.requirement.retired).toBe(false);
  });

  it('accepts JSON and lets another organisation use the same URN independently', async () => {
    const doc = {
      urn: ACME,
      slug: 'acme-ai-policy-2026',
      name: 'Other org’s own ACME copy',
      version: '2026',
      requirements: [{ id: 'x', title: 'Only one', kind: 'CLAUSE' }],
    };
    const res = await importDoc(other.ownerToken, JSON.stringify(doc), 'JSON');
    expect(res.errors).toBeUndefined();
    expect(res.data.importFramework).toMatchObject({
      created: true,
      framework: { urn: ACME, requirements: { totalCount: 1 } },
    });

    const theirs = await q(
      other.ownerToken,
      `{ framework(urn: "${ACME}") { name requirements { edges { node { urn assessable refId } } } } }`,
    );
    expect(theirs.framework.name).toBe('Other org’s own ACME copy');
    expect(theirs.framework.requirements.edges.map((e: any) => e.node)).toEqual([
      { urn: acme('x'), assessable: true, refId: 'x' },
    ]);
    const ours = await q(
      org.ownerToken,
      `{ framework(urn: "${ACME}") { name requirements { totalCount } } }`,
    );
    expect(ours.framework).toEqual({ name: 'ACME AI policy', requirements: { totalCount: 4 } });
  });

  it('lists every problem of a broken framework at once and writes nothing', async () => {
    const frameworksBefore = await frameworkCount(org.ownerToken);
    const auditsBefore = await importAudits(org.ownerToken);
    const broken = `
urn: urn:aims:framework:Broken
slug: iso-iec-42001-2023
name: Broken
version: 1.0
expectedCounts: { CONTROL: 5 }
colour: red
requirements:
  - id: b
    title: Area
    kind: CONTROL_AREA
    pdcaPhase: LATER
    children:
      - { id: b.1, title: One, kind: CONTROL }
      - { id: b.1, title: Two, kind: CONTROL }
      - { id: 'B 3', kind: GADGET }
`;
    const res = await importDoc(tokens.COMPLIANCE_OFFICER, broken);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining([
        { field: 'urn', message: expect.stringMatching(/not well-formed/) },
        { field: 'version', message: expect.stringMatching(/quote it/) },
        { field: 'colour', message: expect.stringMatching(/not a known field/) },
        { field: 'requirements[0].pdcaPhase', message: expect.stringMatching(/PLAN, DO, CHECK, ACT/) },
        { field: 'requirements[0].children[1].id', message: expect.stringMatching(/duplicates/) },
        { field: 'requirements[0].children[2].id', message: expect.stringMatching(/not well-formed/) },
        { field: 'requirements[0].children[2].title', message: 'is required' },
        { field: 'requirements[0].children[2].kind', message: expect.stringMatching(/must be one of/) },
        {
          field: 'expectedCounts.CONTROL',
          message: expect.stringMatching(/expects 5 CONTROL nodes but the tree has 2/),
        },
        { field: 'expectedCounts.CONTROL_AREA', message: expect.stringMatching(/is missing/) },
        {
          field: 'slug',
          message: expect.stringMatching(/built-in framework urn:aims:framework:iso-iec-42001:2023/),
        },
      ]),
    );
    expect(fieldsOf(res)).toHaveLength(11);
    expect(await frameworkCount(org.ownerToken)).toBe(frameworksBefore);
    expect(await importAudits(org.ownerToken)).toBe(auditsBefore);
  });

  it('lists every problem of a broken mapping set at once and writes nothing', async () => {
    const broken = `
urn: urn:aims:mapping:acme-ai-policy-2026:nist
name: Broken crosswalk
sourceFramework: ${ACME}
targetFramework: urn:aims:framework:nist-ai-rmf:1.0
mappings:
  - { source: gov.9, targets: [govern-1.1, govern-9.9], relationship: SUBSET }
  - { source: gov.1, targets: [govern-1.2], relationship: ALMOST, strength: 2 }
  - { source: gov.1, targets: [govern-1.1, 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1'], relationship: RELATED }
`;
    const res = await importDoc(org.ownerToken, broken);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual([
      'mappings[1].relationship',
      'mappings[1].strength',
      'mappings[0].source',
      'mappings[0].targets[1]',
    ]);
    const sets = await q(org.ownerToken, '{ mappingSets { urn } }');
    expect(sets.mappingSets.some((s: any) => s.urn === 'urn:aims:mapping:acme-ai-policy-2026:nist')).toBe(
      false,
    );

    const again = await importDoc(
      org.ownerToken,
      broken
        .replace('gov.9', 'gov.1')
        .replace(', govern-9.9', '')
        .replace('ALMOST', 'EQUAL')
        .replace(', strength: 2', ''),
    );
    expect(fieldsOf(again)).toEqual([
      {
        field: 'mappings[2].targets[0]',
        message: expect.stringMatching(
          /repeats the mapping gov.1 → govern-1.1 of mappings\[0\]\.targets\[0\]/,
        ),
      },
      { field: 'mappings[2].targets[1]', message: expect.stringMatching(/repeats the mapping/) },
    ]);
  });

  it.each<[string, string, string, RegExp]>([
    [
      'the URN of a built-in framework',
      acmeFramework().replace(ACME, 'urn:aims:framework:iso-iec-42001:2023'),
      'urn',
      /built-in framework/,
    ],
    [
      'the URN of a built-in mapping set',
      ACME_MAPPINGS.replace(ACME_SET, 'urn:aims:mapping:nist-ai-rmf-1.0:iso-iec-42001-2023'),
      'urn',
      /built-in mapping set/,
    ],
    [
      'a slug its own other framework uses',
      acmeFramework().replace(ACME, 'urn:aims:framework:acme-ai-policy:2027'),
      'slug',
      /already the slug of framework urn:aims:framework:acme-ai-policy:2026/,
    ],
    ['a document that is neither kind', 'urn: x\nname: y', 'content', /neither a framework/],
    ['YAML that does not parse', 'urn: [', 'content', /is not valid YAML/],
    ['content over 512 KiB', `# ${'x'.repeat(600 * 1024)}`, 'content', /larger than 512 KiB/],
    ['an empty document', '', 'input.content', /must not be empty/],
  ])('refuses %s', async (_, content, field, message) => {
    const res = await importDoc(org.ownerToken, content);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('refuses requirement URNs still held by the retired requirements of another framework', async () => {
    const owner = (await createOrg(t.http, 'Slug mover')).ownerToken;
    const doc = (urn: string, slug: string) =>
      `urn: ${urn}\nslug: ${slug}\nname: N\nversion: '1'\nrequirements:\n  - { id: r1, title: R, kind: CLAUSE }\n`;
    expect((await importDoc(owner, doc('urn:aims:framework:mover:1', 'old-slug'))).errors).toBeUndefined();
    const moved = await importDoc(owner, doc('urn:aims:framework:mover:1', 'new-slug'));
    expect(moved.data.importFramework.retiredRequirementUrns).toEqual(['urn:aims:req:old-slug:r1']);
    const res = await importDoc(owner, doc('urn:aims:framework:newcomer:1', 'old-slug'));
    expect(fieldsOf(res)).toEqual([
      {
        field: 'requirements[0].id',
        message: 'gives urn:aims:req:old-slug:r1, which belongs to urn:aims:framework:mover:1',
      },
    ]);
  });

  it('treats another organisation’s private framework as unknown in a mapping set', async () => {
    const third = await createOrg(t.http, 'Third');
    const res = await importDoc(third.ownerToken, ACME_MAPPINGS);
    expect(fieldsOf(res)).toEqual([{ field: 'sourceFramework', message: `unknown framework ${ACME}` }]);
  });

  describe('access', () => {
    const ALL = Object.values(Role);
    const GOVERN = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];

    it.each(ALL)('%s may read the catalogs', async (role) => {
      const data = await q(
        tokens[role],
        `{ frameworks { urn } framework(urn: "${ACME}") { urn } requirement(urn: "${acme('gov')}") { urn } mappingSets { urn } }`,
      );
      expect(data.framework.urn).toBe(ACME);
    });

    it.each(ALL)('%s may import only with governance rights', async (role) => {
      const res = await importDoc(tokens[role], acmeFramework());
      if (GOVERN.includes(role)) expect(res.errors).toBeUndefined();
      else expect(errorCode(res)).toBe('FORBIDDEN');
    });

    it('refuses anonymous callers', async () => {
      expect(errorCode(await gql(t.http, null, '{ frameworks { urn } }'))).toBe('UNAUTHENTICATED');
      expect(errorCode(await importDoc('', acmeFramework()))).toBe('UNAUTHENTICATED');
    });
  });
});
