import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const DAY = 24 * 3600 * 1000;
const FRAMEWORK = {
  iso42001: 'urn:aims:framework:iso-iec-42001:2023',
  nist: 'urn:aims:framework:nist-ai-rmf:1.0',
  euAiAct: 'urn:aims:framework:eu-ai-act:2024-1689',
  controls: 'urn:aims:framework:acme-controls:2026',
  policy: 'urn:aims:framework:acme-policy:2026',
};
const iso = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;
const nist = (id: string) => `urn:aims:req:nist-ai-rmf-1.0:${id}`;
const eu = (id: string) => `urn:aims:req:eu-ai-act:${id}`;
const controls = (id: string) => `urn:aims:req:acme-controls-2026:${id}`;
const policy = (id: string) => `urn:aims:req:acme-policy-2026:${id}`;

/** A private framework whose controls are covered from ISO/IEC 42001 work through a 42001 → ACME mapping set. */
const CONTROLS_FRAMEWORK = `
urn: ${FRAMEWORK.controls}
slug: acme-controls-2026
name: ACME control set
shortName: ACME controls
version: '2026'
publisher: ACME Corp
expectedCounts: { SECTION: 1, CONTROL: 6 }
requirements:
  - id: p
    refId: P
    title: Controls
    kind: SECTION
    assessable: false
    children:
      - { id: p.1, refId: P-1, title: Risk assessment performed, kind: CONTROL, assessable: true }
      - { id: p.2, refId: P-2, title: Context and stakeholders, kind: CONTROL, assessable: true }
      - { id: p.3, refId: P-3, title: Policy published, kind: CONTROL, assessable: true }
      - { id: p.4, refId: P-4, title: Treatment tracked, kind: CONTROL, assessable: true }
      - { id: p.5, refId: P-5, title: Leadership engaged, kind: CONTROL, assessable: true }
      - { id: p.6, refId: P-6, title: Supplier attestations, kind: CONTROL, assessable: true }
`;
const TO_CONTROLS = `
urn: urn:aims:mapping:iso-iec-42001-2023:acme-controls-2026
name: ISO/IEC 42001 to ACME controls
sourceFramework: ${FRAMEWORK.iso42001}
targetFramework: ${FRAMEWORK.controls}
provenance: { publisher: ACME Corp, authoredBy: organisation, date: '2026-11-01', status: draft }
mappings:
  - { source: 6.1.2, targets: [p.1], relationship: EQUAL }
  - { source: '4.1', targets: [p.2], relationship: SUBSET }
  - { source: a.2.2, targets: [p.3], relationship: SUPERSET }
  - { source: 6.1.3, targets: [p.4], relationship: RELATED }
  - { source: '5.1', targets: [p.5], relationship: EQUAL }
`;
/** Mapped the other way (ACME → 42001): coverage reads it backwards, SUBSET and SUPERSET swapped. */
const POLICY_FRAMEWORK = `
urn: ${FRAMEWORK.policy}
slug: acme-policy-2026
name: ACME AI policy
version: '2026'
expectedCounts: { CONTROL: 2 }
requirements:
  - { id: q.1, refId: Q-1, title: Whole governance programme, kind: CONTROL, assessable: true }
  - { id: q.2, refId: Q-2, title: Policy wording, kind: CONTROL, assessable: true }
`;
const FROM_POLICY = `
urn: urn:aims:mapping:acme-policy-2026:iso-iec-42001-2023
name: ACME policy to ISO/IEC 42001
sourceFramework: ${FRAMEWORK.policy}
targetFramework: ${FRAMEWORK.iso42001}
provenance: { publisher: ACME Corp, authoredBy: organisation, date: '2026-11-01', status: draft }
mappings:
  - { source: q.1, targets: ['4.1'], relationship: SUPERSET }
  - { source: q.2, targets: [a.2.2], relationship: SUBSET }
`;

const COVERAGE = `query($frameworkUrn: String!, $cycleId: ID!) { coverage(frameworkUrn: $frameworkUrn, cycleId: $cycleId) {
  frameworkUrn frameworkName cycleId computedAt summary { total full partial none notApplicable percentage }
  requirements { requirementUrn refId title status basis implementationStatus implementationSource implementationEntityId
    evidenceCount evidenceItemIds reason
    paths { requirementUrn refId framework relationship implementationStatus evidenceCount sourceStatus carried } } } }`;

const Q = {
  createCycle: `mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { id
    checklist { id requirementUrn status } soa { id controlUrn } } } }`,
  checklist: `mutation($input: UpdateChecklistItemInput!) { updateChecklistItem(input: $input) { __typename } }`,
  soa: `mutation($input: SetSoAEntryInput!) { setSoAEntry(input: $input) { soaEntry { id } } }`,
  audit: `mutation($input: CreateInternalAuditInput!) { createInternalAudit(input: $input) { audit { id } } }`,
  finding: `mutation($input: AddAuditFindingInput!) { addAuditFinding(input: $input) { finding { id } } }`,
  import: `mutation($input: ImportFrameworkInput!) { importFramework(input: $input) { created } }`,
  create: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { id } } }`,
  upload: `mutation($input: CreateEvidenceUploadInput!) { createEvidenceUpload(input: $input) { uploadUrl } }`,
  submit: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { id } } }`,
  review: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) { evidenceItem { id status } } }`,
  link: `mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { added evidenceItem { id
    links { targetType targetId } } } }`,
  list: `query($filter: EvidenceFilter) { evidenceItems(filter: $filter, first: 100) { edges { node { id } } } }`,
  createKey: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
};

interface Row {
  requirementUrn: string;
  status: string;
  basis: string;
  reason: string;
  evidenceItemIds: string[];
  paths: { refId: string; relationship: string; carried: string }[];
  [field: string]: unknown;
}

describe('coverage', () => {
  let t: TestApp;
  let storageDir: string;
  let org: TestOrg;
  let other: TestOrg;
  let tokens: Record<Role, string>;
  let officer: string;
  let reviewer: string;
  let apiKey: string;
  let cycleId: string;
  let otherCycleId: string;
  const checklist = new Map<string, string>();
  const soa = new Map<string, string>();
  const evidence: Record<string, string> = {};
  const clock = new ManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const coverage = async (frameworkUrn: string, token = officer) =>
    (await gqlOk<any>(t.http, token, COVERAGE, { frameworkUrn, cycleId })).coverage;
  const rowsOf = (result: any) =>
    new Map<string, Row>(result.requirements.map((r: Row) => [r.requirementUrn, r]));
  /** Accepted evidence (uploaded by the officer, accepted by the reviewer) with the given links. */
  const acceptedEvidence = async (title: string, links: Record<string, unknown>, validUntil?: string) => {
    const { evidenceItem } = await run('create', { title, kind: 'DOCUMENT', validUntil, links });
    const { uploadUrl } = await run('upload', {
      evidenceItemId: evidenceItem.id,
      fileName: `${title}.pdf`,
      mediaType: 'application/pdf',
    });
    const put = await request(t.http)
      .put(new URL(uploadUrl).pathname)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(title));
    expect(put.status).toBe(201);
    await run('submit', { evidenceItemId: evidenceItem.id });
    expect(
      (await run('review', { evidenceItemId: evidenceItem.id, decision: 'ACCEPT' }, reviewer)).evidenceItem
        .status,
    ).toBe('ACCEPTED');
    return evidenceItem.id as string;
  };

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-coverage-e2e-'));
    t = await startTestApp({ clock, env: { EVIDENCE_STORAGE_DIR: storageDir } });
    org = await createOrg(t.http, 'Coverage Org');
    other = await createOrg(t.http, 'Other Org');
    tokens = await tokensByRole(t.http, org);
    officer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
    reviewer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
    apiKey = (await run('createKey', { name: 'time travel', role: 'COMPLIANCE_OFFICER' }, org.ownerToken))
      .secret;

    const period = { periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2027-01-01T00:00:00.000Z' };
    const cycle = (await run('createCycle', { name: 'AIMS 2026', ...period })).cycle;
    cycleId = cycle.id;
    for (const item of cycle.checklist) checklist.set(item.requirementUrn, item.id);
    for (const entry of cycle.soa) soa.set(entry.controlUrn, entry.id);
    otherCycleId = (await run('createCycle', { name: 'Theirs', ...period }, other.ownerToken)).cycle.id;

    for (const [urn, status] of [
      ['4.1', 'IMPLEMENTED'],
      ['6.1.2', 'IMPLEMENTED'],
      ['6.1.3', 'IMPLEMENTED'],
      ['5.1', 'IN_PROGRESS'],
      ['4.2', 'NOT_STARTED'],
    ]) {
      await run('checklist', { id: checklist.get(iso(urn)), status });
    }
    for (const [urn, applicable, implementationStatus] of [
      ['a.2.2', true, 'IMPLEMENTED'],
      ['a.5.2', true, 'IMPLEMENTED'],
      ['a.2.3', false, undefined],
    ] as const) {
      await run('soa', {
        cycleId,
        controlUrn: iso(urn),
        applicable,
        justification: 'Decided by the AI governance board',
        implementationStatus,
      });
    }

    for (const [name, content] of [
      ['controls', CONTROLS_FRAMEWORK],
      ['to controls', TO_CONTROLS],
      ['policy', POLICY_FRAMEWORK],
      ['from policy', FROM_POLICY],
    ]) {
      expect([name, (await run('import', { content })).created]).toEqual([name, true]);
    }

    // Through the cycle's own records, directly by URN (expiring soon), a draft that must not count, and
    // evidence for a private control that no cycle assesses.
    evidence.context = await acceptedEvidence('Context analysis', {
      checklistItemIds: [checklist.get(iso('4.1'))],
      soaEntryIds: [soa.get(iso('a.2.2'))],
    });
    evidence.riskMethod = await acceptedEvidence(
      'Risk assessment method',
      { requirementUrns: [iso('6.1.2')] },
      at(5),
    );
    evidence.impact = await acceptedEvidence('Impact assessment procedure', {
      soaEntryIds: [soa.get(iso('a.5.2'))],
    });
    evidence.supplier = await acceptedEvidence('Supplier attestations', {
      requirementUrns: [controls('p.6')],
    });
    evidence.draft = (
      await run('create', {
        title: 'Treatment plan (draft)',
        kind: 'DOCUMENT',
        links: { requirementUrns: [iso('6.1.3')] },
      })
    ).evidenceItem.id;
  });
  afterAll(async () => {
    await t.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('derives ISO/IEC 42001 coverage from checklist and SoA status and accepted evidence', async () => {
    const result = await coverage(FRAMEWORK.iso42001);
    expect(result).toMatchObject({
      frameworkUrn: FRAMEWORK.iso42001,
      cycleId,
      computedAt: clock.now().toISOString(),
    });
    const rows = rowsOf(result);
    expect(rows.get(iso('4.1'))).toMatchObject({
      status: 'FULL',
      basis: 'OWN',
      implementationStatus: 'IMPLEMENTED',
      implementationSource: 'CHECKLIST',
      implementationEntityId: checklist.get(iso('4.1')),
      evidenceItemIds: [evidence.context],
      reason: 'own: checklist IMPLEMENTED, 1 accepted evidence',
    });
    expect(rows.get(iso('6.1.2'))).toMatchObject({ status: 'FULL', evidenceItemIds: [evidence.riskMethod] });
    expect(rows.get(iso('6.1.3'))).toMatchObject({
      status: 'PARTIAL',
      evidenceCount: 0,
      reason: 'own: checklist IMPLEMENTED, 0 accepted evidence',
    });
    expect(rows.get(iso('5.1'))).toMatchObject({ status: 'PARTIAL', implementationStatus: 'IN_PROGRESS' });
    // Clauses 4-10 are mandatory: none can be NOT_APPLICABLE, only Annex A controls.
    expect(rows.get(iso('4.2'))).toMatchObject({ status: 'NONE', implementationStatus: 'NOT_STARTED' });
    expect(rows.get(iso('a.2.2'))).toMatchObject({
      status: 'FULL',
      implementationSource: 'SOA',
      reason: 'own: SoA IMPLEMENTED, 1 accepted evidence',
    });
    expect(rows.get(iso('a.2.3'))).toMatchObject({ status: 'NOT_APPLICABLE', implementationSource: 'SOA' });
    expect(rows.get(iso('4.3'))).toMatchObject({ status: 'NONE', implementationStatus: 'NOT_STARTED' });

    // Every assessable requirement, and a summary that adds up with the documented formula.
    const statuses = result.requirements.map((r: Row) => r.status);
    const count = (s: string) => statuses.filter((x: string) => x === s).length;
    expect(result.summary).toEqual({
      total: 81,
      full: count('FULL'),
      partial: count('PARTIAL'),
      none: count('NONE'),
      notApplicable: count('NOT_APPLICABLE'),
      percentage:
        Math.round(((count('FULL') + 0.5 * count('PARTIAL')) / (81 - count('NOT_APPLICABLE'))) * 1000) / 10,
    });
    expect(result.summary).toMatchObject({ full: 4, partial: 2, notApplicable: 1 });
  });

  it('reads NIST AI RMF coverage through the RELATED crosswalk: informative only, with the path', async () => {
    const result = await coverage(FRAMEWORK.nist);
    const rows = rowsOf(result);
    expect(rows.get(nist('govern-1.1'))).toMatchObject({ status: 'NONE', basis: 'NONE' });
    const govern = rows.get(nist('govern-1.1')) as Row;
    expect(govern.reason).toContain(
      'informative: NIST AI RMF GOVERN 1.1 ← RELATED ← ISO/IEC 42001 4.1 (IMPLEMENTED, 1 evidence)',
    );
    expect(govern.paths.map((p) => [p.refId, p.relationship, p.carried])).toEqual([
      ['4.1', 'RELATED', 'NONE'],
      ['A.2.2', 'RELATED', 'NONE'],
    ]);
    expect(result.summary).toMatchObject({ total: 72, full: 0, partial: 0, none: 72, percentage: 0 });
  });

  it('reads EU AI Act coverage through INTERSECT rows as PARTIAL, RELATED ones as informative', async () => {
    const rows = rowsOf(await coverage(FRAMEWORK.euAiAct));
    const art9 = rows.get(eu('art-9')) as Row;
    expect(art9).toMatchObject({ status: 'PARTIAL', basis: 'MAPPING' });
    expect(art9.reason).toContain(
      'EU AI Act Art. 9 ← INTERSECT ← ISO/IEC 42001 6.1.2 (IMPLEMENTED, 1 evidence)',
    );
    expect(art9.reason).toContain(
      'informative: EU AI Act Art. 9 ← RELATED ← ISO/IEC 42001 A.5.2 (IMPLEMENTED, 1 evidence)',
    );
    expect(art9.paths[0]).toMatchObject({
      refId: '6.1.2',
      framework: 'ISO/IEC 42001',
      relationship: 'INTERSECT',
      implementationStatus: 'IMPLEMENTED',
      evidenceCount: 1,
      sourceStatus: 'FULL',
      carried: 'PARTIAL',
    });
    expect(rows.get(eu('art-27'))).toMatchObject({ status: 'PARTIAL', basis: 'MAPPING' });
  });

  it('carries coverage through EQUAL, SUBSET, SUPERSET and RELATED mappings, in both directions', async () => {
    const rows = rowsOf(await coverage(FRAMEWORK.controls));
    const status = (id: string) => {
      const row = rows.get(controls(id)) as Row;
      return [row.status, row.basis, row.paths.map((p) => `${p.relationship} ${p.refId} → ${p.carried}`)];
    };
    expect(status('p.1')).toEqual(['FULL', 'MAPPING', ['EQUAL 6.1.2 → FULL']]);
    expect(status('p.2')).toEqual(['PARTIAL', 'MAPPING', ['SUBSET 4.1 → PARTIAL']]);
    expect(status('p.3')).toEqual(['FULL', 'MAPPING', ['SUPERSET A.2.2 → FULL']]);
    expect(status('p.4')).toEqual(['NONE', 'NONE', ['RELATED 6.1.3 → NONE']]);
    expect(status('p.5')).toEqual(['PARTIAL', 'MAPPING', ['EQUAL 5.1 → PARTIAL']]);
    // Its own accepted evidence, but no conformity statement: evidence alone is capped at PARTIAL.
    expect(status('p.6')).toEqual(['PARTIAL', 'OWN', []]);
    expect((rows.get(controls('p.1')) as Row).reason).toBe(
      'ACME controls P-1 ← EQUAL ← ISO/IEC 42001 6.1.2 (IMPLEMENTED, 1 evidence)',
    );

    // Stored as ACME → 42001: q.1 ⊇ 4.1 means 4.1 covers only part of q.1; q.2 ⊆ A.2.2 is covered fully.
    const inverse = rowsOf(await coverage(FRAMEWORK.policy));
    expect((inverse.get(policy('q.1')) as Row).paths).toMatchObject([
      { refId: '4.1', relationship: 'SUBSET', carried: 'PARTIAL' },
    ]);
    expect(inverse.get(policy('q.1'))).toMatchObject({ status: 'PARTIAL' });
    expect((inverse.get(policy('q.2')) as Row).paths).toMatchObject([
      { refId: 'A.2.2', relationship: 'SUPERSET', carried: 'FULL' },
    ]);
    expect(inverse.get(policy('q.2'))).toMatchObject({ status: 'FULL' });
  });

  it('stops counting evidence past its validUntil, before any sweep has run', async () => {
    clock.advance(6 * DAY);
    try {
      const own = rowsOf(
        (await gqlOk<any>(t.http, apiKey, COVERAGE, { frameworkUrn: FRAMEWORK.iso42001, cycleId })).coverage,
      );
      expect(own.get(iso('6.1.2'))).toMatchObject({ status: 'PARTIAL', evidenceItemIds: [] });
      const mapped = rowsOf(
        (await gqlOk<any>(t.http, apiKey, COVERAGE, { frameworkUrn: FRAMEWORK.controls, cycleId })).coverage,
      );
      expect(mapped.get(controls('p.1'))).toMatchObject({ status: 'PARTIAL' });
      expect((mapped.get(controls('p.1')) as Row).reason).toContain('6.1.2 (IMPLEMENTED, 0 evidence)');
    } finally {
      clock.advance(-6 * DAY);
    }
    expect(rowsOf(await coverage(FRAMEWORK.iso42001)).get(iso('6.1.2'))).toMatchObject({ status: 'FULL' });
  });

  it('links evidence to checklist items, SoA entries and audit findings, and filters by cycle', async () => {
    const audit = (
      await run('audit', { cycleId, scope: 'Clauses 4 to 6', plannedStartAt: '2026-03-10T00:00:00.000Z' })
    ).audit;
    const finding = (
      await run('finding', {
        auditId: audit.id,
        type: 'OBSERVATION',
        requirementUrns: [iso('6.1.3')],
        description: 'Treatment plan lacks owners',
      })
    ).finding;
    const linked = await run('link', {
      evidenceItemId: evidence.draft,
      auditFindingIds: [finding.id],
      checklistItemIds: [checklist.get(iso('6.1.3'))],
    });
    expect(linked.added).toBe(2);
    expect(linked.evidenceItem.links).toEqual(
      expect.arrayContaining([
        { targetType: 'AUDIT_FINDING', targetId: finding.id },
        { targetType: 'CHECKLIST_ITEM', targetId: checklist.get(iso('6.1.3')) },
      ]),
    );
    const inCycle = (
      await gqlOk<any>(t.http, officer, Q.list, { filter: { cycleId } })
    ).evidenceItems.edges.map((e: any) => e.node.id);
    expect(inCycle.sort()).toEqual([evidence.context, evidence.impact, evidence.draft].sort());
    // A draft counts for nothing, wherever it is linked.
    expect(rowsOf(await coverage(FRAMEWORK.iso42001)).get(iso('6.1.3'))).toMatchObject({ evidenceCount: 0 });
  });

  it('treats another organisation’s cycle and cycle records exactly like missing ones', async () => {
    const theirCycle = (
      await gqlOk<any>(
        t.http,
        other.ownerToken,
        `query($id: ID!) { cycle(id: $id) { checklist { id } soa { id } } }`,
        {
          id: otherCycleId,
        },
      )
    ).cycle;
    await expectForeignIdBehavesAsMissing(
      (id) => gql(t.http, officer, COVERAGE, { frameworkUrn: FRAMEWORK.iso42001, cycleId: id }),
      otherCycleId,
    );
    await expectForeignIdBehavesAsMissing(
      (id) => gql(t.http, officer, Q.list, { filter: { cycleId: id } }),
      otherCycleId,
    );
    for (const [field, foreignId] of [
      ['checklistItemIds', theirCycle.checklist[0].id],
      ['soaEntryIds', theirCycle.soa[0].id],
    ]) {
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, officer, Q.link, { input: { evidenceItemId: evidence.draft, [field]: [id] } }),
        foreignId,
      );
    }
    const unknown = await gql(t.http, officer, COVERAGE, {
      frameworkUrn: 'urn:aims:framework:nowhere:1',
      cycleId,
    });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    const privateToUs = await gql(t.http, other.ownerToken, COVERAGE, {
      frameworkUrn: FRAMEWORK.controls,
      cycleId: otherCycleId,
    });
    expect(errorCode(privateToUs)).toBe('NOT_FOUND');
    const bad = await gql(t.http, officer, COVERAGE, {
      frameworkUrn: FRAMEWORK.iso42001,
      cycleId: 'current',
    });
    expect(badFields(bad)).toEqual(['cycleId']);
  });

  it('is readable by every role', async () => {
    for (const role of Object.values(Role)) {
      expect([role, (await coverage(FRAMEWORK.nist, tokens[role])).summary.total]).toEqual([role, 72]);
    }
  });
});
