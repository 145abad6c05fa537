import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { verifyChainSegment } from '@aims/audit-log';
import { oscalSchemaErrors, PackManifest, runVerifyPackCli } from '@aims/exports';
import { fetchDownload, ISO42001, iso, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { startTestApp, TestApp } from './support/app';
import { run } from './support/pack-zip';
import { badFields, errorCode, gql, gqlOk } from './support/gql';

const EU_AI_ACT = 'urn:aims:framework:eu-ai-act:2024-1689';
const DAY_MS = 24 * 3600 * 1000;

const M = {
  soa: `mutation($input: SetSoAEntryInput!) { setSoAEntry(input: $input) { __typename } }`,
  createRisk: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`,
  assess: `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { __typename } }`,
  cycle: `query($id: ID!) { cycle(id: $id) {
    checklist { requirementUrn refId status notes }
    soa { id controlUrn refId applicable justification implementationStatus } } }`,
  risks: `{ risks(first: 100) { edges { node { id title
    inherentLikelihood inherentConsequence residualLikelihood residualConsequence } } } }`,
  integrity: `{ auditLogIntegrity { valid checkedEvents firstBrokenSeq } }`,
  jobs: `query($filter: ExportJobFilter) { exportJobs(first: 100, filter: $filter) { totalCount edges { node { id requestedBy status } } } }`,
};

/** RFC 4180 rows (CRLF, quoted fields with doubled quotes) as objects keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), rel) : [rel];
  });
}

/**
 * A full pack of a demo-like organisation (checklist, SoA decisions, scored risks, evidence in every state)
 * built by the real writer on the worker, downloaded through its signed URL and checked with the tools an
 * auditor has: unzip, sha256sum, openssl, the offline verifier.
 */
describe('a full evidence pack, checked with the real tools', () => {
  let t: TestApp;
  let storageDir: string;
  let work: string;
  let org: Awaited<ReturnType<typeof packOrganisation>>;
  let job: any;
  let dir: string;
  let zipPath: string;
  let keyPath: string;
  const expectedFiles = new Map<string, string>();
  const excluded: string[] = [];
  const riskIds: string[] = [];

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
    t.runtime.dataSource.query(query, params);
  const read = (rel: string) => readFileSync(path.join(dir, rel));
  const gqlAs = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    gqlOk<any>(t.http, token, query, variables);
  const requestPack = async (token: string, extra: Record<string, unknown> = {}) => {
    const res = await gql<any>(t.http, token, Q.request, {
      input: { cycleId: org.cycleId, frameworkUrns: [ISO42001, EU_AI_ACT], ...PERIOD, ...extra },
    });
    expect(res.errors).toBeUndefined();
    return settledJob(t.http, token, res.data!.requestEvidencePack.job.id);
  };

  /** Uploads a file as a new evidence item; `decision` null leaves it submitted, unreviewed. */
  const fileEvidence = async (
    title: string,
    links: Record<string, unknown>,
    decision: 'ACCEPT' | 'REJECT' | null,
    validity: Record<string, string> = {},
  ) => {
    const bytes = Buffer.from(`${title}: the document body\n`);
    const { evidenceItem } = await org.run('create', { title, kind: 'DOCUMENT', links, ...validity });
    const { uploadUrl } = await org.run('upload', {
      evidenceItemId: evidenceItem.id,
      fileName: `${title}.pdf`,
      mediaType: 'application/pdf',
    });
    const put = await request(t.http)
      .put(new URL(uploadUrl).pathname)
      .set('content-type', 'application/octet-stream')
      .send(bytes);
    expect(put.status).toBe(201);
    await org.run('submit', { evidenceItemId: evidenceItem.id });
    if (decision)
      await org.run(
        'review',
        { evidenceItemId: evidenceItem.id, decision, comment: decision === 'REJECT' ? 'illegible' : null },
        org.reviewer,
      );
    return { id: evidenceItem.id as string, bytes };
  };

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-pack-full-store-'));
    work = await mkdtemp(path.join(tmpdir(), 'aims-pack-full-'));
    t = await startTestApp({ worker: true, env: { EVIDENCE_STORAGE_DIR: storageDir } });
    org = await packOrganisation(t.http, 'Northwind-like');
    const officer = org.officer;
    await org.run('checklist', {
      id: org.checklist.get(iso('6.1.2')),
      status: 'IN_PROGRESS',
      notes: 'Register built; criteria approved by the board in March.',
    });
    const soa = new Map<string, string>(
      (await gqlAs(officer, M.cycle, { id: org.cycleId })).cycle.soa.map((e: any) => [e.refId, e.id]),
    );
    for (const [refId, applicable, justification, implementationStatus] of [
      ['A.2.2', true, 'Board-approved AI policy covers every AI system in scope.', 'IMPLEMENTED'],
      ['A.5.2', true, 'High-risk systems in scope need impact assessments.', 'IN_PROGRESS'],
      ['A.10.4', false, 'No AI system is supplied to customers.', null],
    ] as const)
      await gqlAs(officer, M.soa, {
        input: { entryId: soa.get(refId), applicable, justification, implementationStatus },
      });
    for (const [title, inherent, residual] of [
      ['CV screener disadvantages older applicants', [4, 4], [2, 3]],
      ['Credit model drifts after interest-rate changes', [3, 4], null],
      ['Prompt injection exposes customer data', [3, 5], null],
      ['Secrets pasted into the code assistant', null, null],
    ] as const) {
      const { risk } = (await gqlAs(officer, M.createRisk, { input: { title } })).createRisk;
      riskIds.push(risk.id);
      const score = (s: readonly [number, number] | null) =>
        s ? { likelihood: s[0], consequence: s[1] } : undefined;
      if (inherent)
        await gqlAs(officer, M.assess, {
          input: { riskId: risk.id, inherent: score(inherent), residual: score(residual) },
        });
    }
    const now = Date.now();
    const context = await fileEvidence(
      'Context analysis',
      { checklistItemIds: [org.checklist.get(iso('4.1'))] },
      'ACCEPT',
    );
    const policy = await fileEvidence('AI policy v2', { soaEntryIds: [soa.get('A.2.2')] }, 'ACCEPT', {
      validFrom: new Date(now - 30 * DAY_MS).toISOString(),
      validUntil: new Date(now + 335 * DAY_MS).toISOString(),
    });
    for (const e of [context, policy]) expectedFiles.set(e.id, e.bytes.toString());
    excluded.push(
      (
        await fileEvidence('Expired method', { requirementUrns: [iso('6.1.2')] }, 'ACCEPT', {
          validFrom: new Date(now - 60 * DAY_MS).toISOString(),
          validUntil: new Date(now - DAY_MS).toISOString(),
        })
      ).id,
      (await fileEvidence('Rejected scan', { requirementUrns: [iso('4.2')] }, 'REJECT')).id,
      (await fileEvidence('Unreviewed draft', { requirementUrns: [iso('4.3')] }, null)).id,
    );
    await org.acceptedLink('Policy portal', 'https://intranet.example.test/ai-policy', {
      requirementUrns: [iso('5.2')],
    });

    job = await requestPack(org.auditor);
    expect(job).toMatchObject({ status: 'COMPLETED', error: null });
    const grant = (await gqlAs(org.auditor, Q.download, { input: { jobId: job.id } })).createExportDownload;
    const zip = await fetchDownload(t.http, grant.downloadUrl);
    expect(zip.status).toBe(200);
    zipPath = path.join(work, 'pack.zip');
    await writeFile(zipPath, zip.body);
    dir = path.join(work, 'pack');
    expect(run('unzip', ['-q', zipPath, '-d', dir]).status).toBe(0);
    const keys = await request(t.http).get('/.well-known/aims-pack-keys.json');
    keyPath = path.join(work, 'key.pem');
    await writeFile(keyPath, keys.body[job.pack.keyId]);
  });
  afterAll(async () => {
    await t?.close();
    await rm(storageDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('passes unzip -t, and sha256sum -c over every file but the sums and the signature', () => {
    const tested = run('unzip', ['-t', zipPath]);
    expect([tested.status, tested.output]).toEqual([0, expect.stringContaining('No errors detected')]);
    const sums = run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], dir);
    expect([sums.status, sums.output]).toEqual([0, expect.not.stringContaining('FAILED')]);
    const listed = read('SHA256SUMS')
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    const all = filesUnder(dir).sort();
    expect(listed.sort()).toEqual(all.filter((f) => f !== 'SHA256SUMS' && f !== 'manifest.sig'));
    expect(all).toHaveLength(job.pack.fileCount);
  });

  it('has a manifest.sig that openssl accepts with the published key, which public-key.pem repeats', () => {
    expect(read('public-key.pem').toString()).toBe(readFileSync(keyPath, 'utf8'));
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', keyPath, '-rawin', '-in', 'manifest.json'];
    const ok = run('openssl', [...args, '-sigfile', 'manifest.sig'], dir);
    expect([ok.status, ok.output]).toEqual([0, expect.stringContaining('Signature Verified Successfully')]);
    expect(run('openssl', [...args, '-sigfile', 'SHA256SUMS'], dir).status).not.toBe(0);
  });

  it('passes the offline verifier with the published key and fails it with another key', async () => {
    const lines: string[] = [];
    expect(await runVerifyPackCli([zipPath, '--public-key', keyPath], (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('VERIFIED: every check passed.');
    const wrongPath = path.join(work, 'wrong.pem');
    const wrong = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    await writeFile(wrongPath, wrong);
    const refused: string[] = [];
    expect(await runVerifyPackCli([zipPath, '--public-key', wrongPath], (l) => refused.push(l))).toBe(1);
    expect(refused.at(-1)).toMatch(/^NOT VERIFIED: .*signature/);
  });

  it('writes OSCAL documents that validate against the NIST schemas', () => {
    const oscal = filesUnder(dir).filter((f) => f.startsWith('oscal/'));
    expect(oscal).toContain('oscal/assessment-results.json');
    expect(oscal.some((f) => f.startsWith('oscal/mapping-'))).toBe(true);
    for (const f of oscal) expect([f, oscalSchemaErrors(JSON.parse(read(f).toString()))]).toEqual([f, []]);
  });

  it('links index.html only to files inside the pack, every evidence file among them', () => {
    const html = read('index.html').toString();
    const links = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const files = links.filter((l) => !l.startsWith('#'));
    expect(files.length).toBeGreaterThan(0);
    for (const link of files) {
      expect([link, /^[a-z][a-z0-9+.-]*:|^\/|\.\./i.test(link)]).toEqual([link, false]);
      const target = path.join(dir, decodeURIComponent(link.split('#')[0]));
      expect([link, existsSync(target) && statSync(target).isFile()]).toEqual([link, true]);
    }
    const evidence = filesUnder(dir).filter((f) => f.startsWith('evidence/'));
    for (const f of evidence) expect(files.map((l) => decodeURIComponent(l))).toContain(f);
    for (const anchor of links.filter((l) => l.startsWith('#') && l.length > 1))
      expect([anchor, html.includes(`id="${anchor.slice(1)}"`)]).toEqual([anchor, true]);
  });

  it('carries the audit chain of the period as the database holds it, and as auditLogIntegrity judges it', async () => {
    const events = read('audit-log.jsonl')
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const manifest = JSON.parse(read('manifest.json').toString()) as PackManifest;
    expect(events.length).toBe(manifest.auditLog.events);
    const chain = verifyChainSegment(events, manifest.auditLog.startPrevHash, events[0].seq);
    expect(chain).toMatchObject({ firstBrokenSeq: null, lastHash: manifest.auditLog.lastHash });
    const stored = await sql(
      `SELECT seq::int AS seq, prev_hash AS "prevHash", hash FROM audit_event
        WHERE organisation_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [org.org.organisationId, events[0].seq, events.at(-1).seq],
    );
    expect(stored).toEqual(events.map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })));
    const integrity = (await gqlAs(org.auditor, M.integrity)).auditLogIntegrity;
    expect(integrity).toMatchObject({ valid: true, firstBrokenSeq: null });
    expect(integrity.checkedEvents).toBeGreaterThanOrEqual(events.length);
    // Every event of the organisation from periodStart up to asOf, and nothing else.
    const [period] = await sql(
      `SELECT count(*)::int AS n, min(seq)::int AS first FROM audit_event
        WHERE organisation_id = $1 AND occurred_at BETWEEN $2 AND $3`,
      [org.org.organisationId, PERIOD.periodStart, job.scope.asOf],
    );
    expect([period.n, period.first]).toEqual([events.length, events[0].seq]);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['cycle.created', 'evidence.accepted', 'evidence.rejected']),
    );
  });

  it('shows per framework the coverage the live coverage query shows', async () => {
    const rows = parseCsv(read('controls-to-evidence.csv').toString()).filter((r) => r.source === 'coverage');
    for (const framework of [ISO42001, EU_AI_ACT]) {
      const live = (await gqlAs(org.auditor, Q.coverage, { frameworkUrn: framework, cycleId: org.cycleId }))
        .coverage;
      const packed = new Map<string, { status: string; items: Set<string> }>();
      for (const r of rows.filter((r) => r.framework_urn === framework)) {
        const entry = packed.get(r.requirement_urn) ?? { status: r.status, items: new Set<string>() };
        if (r.evidence_item_id) entry.items.add(r.evidence_item_id);
        packed.set(r.requirement_urn, entry);
      }
      expect([...packed.keys()].sort()).toEqual(live.requirements.map((r: any) => r.requirementUrn).sort());
      for (const r of live.requirements) {
        expect([r.requirementUrn, packed.get(r.requirementUrn)!.status]).toEqual([
          r.requirementUrn,
          r.status,
        ]);
        // The CSV names the evidence copied into the pack: the live items that have a file.
        const withFile = r.evidenceItemIds.filter((id: string) => expectedFiles.has(id)).sort();
        expect([r.requirementUrn, [...packed.get(r.requirementUrn)!.items].sort()]).toEqual([
          r.requirementUrn,
          withFile,
        ]);
      }
      const counted = { full: 0, partial: 0, none: 0, notApplicable: 0 } as Record<string, number>;
      const key = { FULL: 'full', PARTIAL: 'partial', NONE: 'none', NOT_APPLICABLE: 'notApplicable' } as any;
      for (const p of packed.values()) counted[key[p.status]] += 1;
      expect(counted).toEqual(live.summary);
    }
  });

  it('holds the SoA and the checklist of the cycle', async () => {
    const live = (await gqlAs(org.auditor, M.cycle, { id: org.cycleId })).cycle;
    const soa = parseCsv(read('soa.csv').toString());
    const cell = (v: unknown) => (v === null ? '' : String(v));
    const byUrn = (x: unknown[], y: unknown[]) =>
      String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0;
    expect(
      soa.map((r) => [r.control_urn, r.applicable, r.justification, r.implementation_status]).sort(byUrn),
    ).toEqual(
      live.soa
        .map((e: any) => [
          e.controlUrn,
          cell(e.applicable),
          cell(e.justification),
          // An entry with no decision yet reads UNDECIDED.
          e.implementationStatus ?? 'UNDECIDED',
        ])
        .sort(byUrn),
    );
    const policyRow = soa.find((r) => r.ref_id === 'A.2.2')!;
    expect(policyRow.evidence_item_ids.split('; ').filter(Boolean)).toHaveLength(1);
    expect(expectedFiles.has(policyRow.evidence_item_ids)).toBe(true);

    // The checklist: one OSCAL observation per clause, with its status and notes.
    const results = JSON.parse(read('oscal/assessment-results.json').toString());
    const prop = (o: any, name: string) => o.props?.find((p: any) => p.name === name)?.value;
    const clauses = results['assessment-results'].results[0].observations
      .filter((o: any) => prop(o, 'clause-urn'))
      .map((o: any) => [
        prop(o, 'clause-urn'),
        prop(o, 'status'),
        /Notes: (.*)$/.exec(o.description)?.[1] ?? null,
      ])
      .sort(byUrn);
    expect(clauses).toEqual(
      live.checklist.map((c: any) => [c.requirementUrn, c.status, c.notes]).sort(byUrn),
    );
    expect(clauses.filter((c: string[]) => c[1] !== 'NOT_STARTED')).toHaveLength(2);
  });

  it("holds the register's inherent and residual scores, and heatmaps counting them", async () => {
    const live = (await gqlAs(org.auditor, M.risks)).risks.edges.map((e: any) => e.node);
    const packed = parseCsv(read('risk-register.csv').toString());
    const cell = (v: number | null) => (v === null ? '' : String(v));
    expect(packed.map((r) => r.risk_id).sort()).toEqual(live.map((r: any) => r.id).sort());
    for (const r of live) {
      const row = packed.find((p) => p.risk_id === r.id)!;
      expect([
        row.inherent_likelihood,
        row.inherent_consequence,
        row.residual_likelihood,
        row.residual_consequence,
      ]).toEqual(
        [r.inherentLikelihood, r.inherentConsequence, r.residualLikelihood, r.residualConsequence].map(cell),
      );
    }
    const html = read('index.html').toString();
    for (const kind of ['inherent', 'residual'] as const) {
      const svg = html.slice(
        html.indexOf(`id="heatmap-${kind}"`),
        html.indexOf('</svg>', html.indexOf(`id="heatmap-${kind}"`)),
      );
      const cells = [...svg.matchAll(/data-likelihood="(\d+)" data-consequence="(\d+)" data-count="(\d+)"/g)];
      expect(cells).toHaveLength(25);
      const expected = new Map<string, number>();
      for (const r of live) {
        const l = r[`${kind}Likelihood`];
        if (l !== null)
          expected.set(
            `${l}:${r[`${kind}Consequence`]}`,
            (expected.get(`${l}:${r[`${kind}Consequence`]}`) ?? 0) + 1,
          );
      }
      for (const [, l, c, n] of cells)
        expect([kind, l, c, Number(n)]).toEqual([kind, l, c, expected.get(`${l}:${c}`) ?? 0]);
    }
  });

  it('copies exactly the accepted, in-date file versions linked to the scope', () => {
    const evidence = filesUnder(dir).filter((f) => f.startsWith('evidence/'));
    expect(evidence.map((f) => path.basename(f).slice(0, 36)).sort()).toEqual(
      [...expectedFiles.keys()].sort(),
    );
    for (const f of evidence)
      expect(read(f).toString()).toBe(expectedFiles.get(path.basename(f).slice(0, 36)));
    const index = parseCsv(read('evidence-index.csv').toString());
    for (const id of excluded) {
      expect(index.map((r) => r.item_id)).not.toContain(id);
      expect(evidence.join('\n')).not.toContain(id);
    }
  });

  it('keeps the scores of asOf when a risk is reassessed later', async () => {
    const asOf = job.scope.asOf;
    await gqlAs(org.officer, M.assess, {
      input: { riskId: riskIds[1], inherent: { likelihood: 5, consequence: 5 } },
    });
    expect((await requestPack(org.auditor, { asOf })).pack.sha256).toBe(job.pack.sha256);
    expect((await requestPack(org.auditor)).pack.sha256).not.toBe(job.pack.sha256);
  });

  it('filters exportJobs by status and by who requested them', async () => {
    const byOfficer = await requestPack(org.officer);
    const list = async (filter: Record<string, unknown>) =>
      (await gqlAs(org.auditor, M.jobs, { filter })).exportJobs.edges.map((e: any) => e.node);
    expect(await list({ requestedBy: byOfficer.requestedBy })).toEqual([
      { id: byOfficer.id, requestedBy: byOfficer.requestedBy, status: 'COMPLETED' },
    ]);
    const auditors = await list({ requestedBy: job.requestedBy, status: ['COMPLETED'] });
    const [completed] = await sql(
      `SELECT count(*)::int AS n FROM export_job WHERE requested_by_id = $1 AND status = 'COMPLETED'`,
      [job.requestedBy],
    );
    expect(auditors.map((j: any) => j.id)).toContain(job.id);
    expect(auditors.length).toBe(completed.n);
    expect(auditors.every((j: any) => j.requestedBy === job.requestedBy)).toBe(true);
    expect(await list({ requestedBy: job.requestedBy, status: ['FAILED', 'QUEUED'] })).toEqual([]);
    expect(await list({ requestedBy: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    const bad = await gql(t.http, org.auditor, M.jobs, { filter: { requestedBy: 'nobody' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(badFields(bad)).toEqual(['filter.requestedBy']);
  });
});
