import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import yauzl from 'yauzl';
import { ExportJob, PackGatherer } from '@aims/exports';
import { Clock, QueueName, Role } from '@aims/platform';
import {
  fetchDownload,
  ISO42001,
  iso,
  packOrganisation,
  PERIOD,
  Q,
  settledJob,
  sha256,
} from './exports-support';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const RISK = {
  create: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`,
  update: `mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { id } } }`,
  assess: `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id } } }`,
  treat: `mutation($input: SetRiskTreatmentInput!) { setRiskTreatment(input: $input) { risk { id } } }`,
  accept: `mutation($input: AcceptRiskInput!) { acceptRisk(input: $input) { risk { id } } }`,
  criteria: `mutation($input: UpdateRiskCriteriaInput!) { updateRiskCriteria(input: $input) { recomputedRisks } }`,
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }`,
  updateSystem: `mutation($input: UpdateAISystemInput!) { updateAISystem(input: $input) { aiSystem { id } } }`,
};

const CYCLE = {
  soa: `query($id: ID!) { cycle(id: $id) { soa { id } } }`,
  update: `mutation($input: UpdateCycleInput!) { updateCycle(input: $input) { cycle { id } } }`,
  checklist: `mutation($input: UpdateChecklistItemInput!) { updateChecklistItem(input: $input) { __typename } }`,
  setSoA: `mutation($input: SetSoAEntryInput!) { setSoAEntry(input: $input) { soaEntry { id } } }`,
  raise: `mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { id } } }`,
  updateNc: `mutation($input: UpdateNonconformityInput!) { updateNonconformity(input: $input) { nonconformity { id } } }`,
};

/** A 3×3 with its own labels, so a pack shows which criteria it was scored under. */
const RENAMED_CRITERIA = {
  likelihoodScale: [{ label: 'Rare' }, { label: 'Sometimes' }, { label: 'Often' }],
  consequenceScale: [{ label: 'Small' }, { label: 'Medium' }, { label: 'Large' }],
  levels: [
    { label: 'Fine', reviewCadenceDays: 365 },
    { label: 'Watch', reviewCadenceDays: 90 },
  ],
  grid: [
    [0, 0, 1],
    [0, 1, 1],
    [1, 1, 1],
  ],
  appetiteLevel: 0,
};

/** Real time, moved forward by hand when a test needs memberships to expire. */
class OffsetClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The entries of a ZIP held in memory, by name. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('not a zip'));
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

describe('evidence pack exports', () => {
  let t: TestApp;
  let storageDir: string;
  const clock = new OffsetClock();
  let acme: Awaited<ReturnType<typeof packOrganisation>>;
  let other: TestOrg;
  let otherCycleId: string;
  let tokens: Record<Role, string>;
  let first: any;

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
    t.runtime.dataSource.query(query, params);
  const requestPack = (token: string, input: Record<string, unknown>) =>
    gql<any>(t.http, token, Q.request, { input });
  const scope = (extra: Record<string, unknown> = {}) => ({
    cycleId: acme.cycleId,
    frameworkUrns: [ISO42001],
    ...PERIOD,
    ...extra,
  });
  /** Requests a pack as the auditor and waits for the worker to finish it. */
  const exported = async (extra: Record<string, unknown> = {}) => {
    const res = await requestPack(acme.auditor, scope(extra));
    expect(res.errors).toBeUndefined();
    return settledJob(t.http, acme.auditor, res.data!.requestEvidencePack.job.id);
  };
  /** Sends a mutation as the compliance officer (or `token`) with `input`. */
  const govern = (query: string, input: Record<string, unknown>, token = acme.officer) =>
    gqlOk<any>(t.http, token, query, { input });
  const createSystem = async (name: string) =>
    (await govern(RISK.createSystem, { name, role: 'DEPLOYER', lifecycleStage: 'OPERATION_AND_MONITORING' }))
      .createAISystem.aiSystem;
  const download = async (jobId: string, token = acme.auditor) =>
    (await gqlOk<any>(t.http, token, Q.download, { input: { jobId } })).createExportDownload;
  const queuedCount = async () => {
    const counts = await t.runtime.queues.queue(QueueName.Exports).getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-exports-e2e-'));
    t = await startTestApp({ clock, worker: true, env: { EVIDENCE_STORAGE_DIR: storageDir } });
    acme = await packOrganisation(t.http, 'Pack Org');
    tokens = await tokensByRole(t.http, acme.org);
    other = await createOrg(t.http, 'Other Pack Org');
    otherCycleId = (
      await gqlOk<any>(t.http, other.ownerToken, Q.createCycle, { input: { name: 'Theirs', ...PERIOD } })
    ).createCycle.cycle.id;
    await acme.acceptedEvidence('Context analysis', Buffer.from('context analysis, signed off'), {
      checklistItemIds: [acme.checklist.get(iso('4.1'))],
    });
    await acme.acceptedEvidence('Risk method', Buffer.from('risk assessment method v3'), {
      requirementUrns: [iso('6.1.2')],
    });
    await acme.acceptedLink('Policy portal', 'https://intranet.example.test/ai-policy', {
      requirementUrns: [iso('5.2')],
    });
    first = await exported();
  });
  afterAll(async () => {
    await t?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('builds the pack on the worker: COMPLETED, progress 100, pack metadata, audited and evented', async () => {
    expect(first).toMatchObject({
      status: 'COMPLETED',
      progress: 100,
      phase: null,
      error: null,
      scope: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], includeEvidenceFiles: true, ...PERIOD },
      pack: { available: true },
    });
    expect(first.pack.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.pack.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.pack.size).toBeGreaterThan(0);
    expect(first.pack.fileCount).toBeGreaterThanOrEqual(5);
    expect(first.pack.keyId).toMatch(/^aims-ed25519-[0-9a-f]{16}$/);

    const audits = await sql(
      `SELECT action, changes FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`,
      [acme.org.organisationId, first.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['export.requested', 'export.completed']);
    expect(audits[1].changes).toMatchObject({ sha256: first.pack.sha256, keyId: first.pack.keyId });
    const events = await sql(
      `SELECT type, payload FROM outbox_event WHERE organisation_id = $1 AND payload->>'exportId' = $2`,
      [acme.org.organisationId, first.id],
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'export.completed',
        payload: expect.objectContaining({
          sha256: first.pack.sha256,
          manifestSha256: first.pack.manifestSha256,
        }),
      }),
    ]);
  });

  it('gathers the coverage the live coverage query shows while nothing changed since asOf', async () => {
    const row = await t.runtime.dataSource.getRepository(ExportJob).findOneByOrFail({ id: first.id });
    const content = await t.app.get(PackGatherer).gather(row);
    const live = (
      await gqlOk<any>(t.http, acme.auditor, Q.coverage, { frameworkUrn: ISO42001, cycleId: acme.cycleId })
    ).coverage;
    expect(content.coverage).toHaveLength(1);
    expect(content.coverage[0].counts).toEqual(live.summary);
    expect(content.coverage[0].requirements.map((r) => [r.urn, r.status, r.evidenceItemIds])).toEqual(
      live.requirements.map((r: any) => [r.requirementUrn, r.status, [...r.evidenceItemIds].sort()]),
    );
    // Three accepted items count for coverage; the two with stored files are copied into the pack.
    expect(new Set(content.coverage[0].requirements.flatMap((r) => r.evidenceItemIds)).size).toBe(3);
    expect(content.evidence.map((e) => e.title).sort()).toEqual(['Context analysis', 'Risk method']);
    expect(content.evidence.every((e) => e.reviewerName === 'COMPLIANCE_OFFICER member')).toBe(true);
    const crosswalk = content.mappingSets.find((m) => m.slug === 'iso-iec-42001-2023--eu-ai-act');
    expect(crosswalk).toMatchObject({ sourceFrameworkUrn: ISO42001 });
    expect(crosswalk!.mappings.length).toBeGreaterThan(0);
    expect(
      content.mappingSets.every((m) => [m.sourceFrameworkUrn, m.targetFrameworkUrn].includes(ISO42001)),
    ).toBe(true);
    expect(content.packId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('serves the ZIP through a short-lived signed URL, hash-checked, auditing every download', async () => {
    const grant = await download(first.id);
    expect(new Date(grant.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const before = await sql(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'export.downloaded'`,
      [first.id],
    );
    for (let i = 0; i < 2; i++) {
      const res = await fetchDownload(t.http, grant.downloadUrl);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(sha256(res.body)).toBe(first.pack.sha256);
      expect(res.body.length).toBe(first.pack.size);
    }
    const after = await sql(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'export.downloaded'`,
      [first.id],
    );
    expect(after[0].n - before[0].n).toBe(2);
    expect(
      (
        await sql(
          `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'export.download_issued'`,
          [first.id],
        )
      )[0].n,
    ).toBe(1);

    const forged = await request(t.http).get(`/exports/downloads/${grant.downloadUrl.split('/').pop()}x`);
    expect(forged.status).toBe(403);
  });

  it('signs the manifest with the organisation key published at /.well-known/aims-pack-keys.json', async () => {
    const zip = await unzip((await fetchDownload(t.http, (await download(first.id)).downloadUrl)).body);
    const manifest = zip.get('manifest.json')!;
    expect(sha256(manifest)).toBe(first.pack.manifestSha256);
    expect(JSON.parse(manifest.toString()).keyId).toBe(first.pack.keyId);

    const keys = await request(t.http).get('/.well-known/aims-pack-keys.json');
    expect(keys.status).toBe(200);
    const pem = keys.body[first.pack.keyId];
    expect(pem).toContain('BEGIN PUBLIC KEY');
    expect(verify(null, manifest, createPublicKey(pem), zip.get('manifest.sig')!)).toBe(true);
    expect(
      verify(
        null,
        Buffer.concat([manifest, Buffer.from(' ')]),
        createPublicKey(pem),
        zip.get('manifest.sig')!,
      ),
    ).toBe(false);

    const evidence = [...zip.keys()].filter((name) => name.startsWith('evidence/'));
    expect(evidence).toHaveLength(2);
    // The private half is sealed at rest, never stored in the clear.
    const [row] = await sql(`SELECT sealed_private_key FROM pack_signing_key WHERE key_id = $1`, [
      first.pack.keyId,
    ]);
    expect(row.sealed_private_key).toMatch(/^v1\./);
  });

  it('is deterministic as of asOf: the same asOf gives the same bytes, later data does not leak in', async () => {
    const asOf = first.scope.asOf;
    const again = await exported({ asOf });
    expect(again.id).not.toBe(first.id);
    expect(again.pack.sha256).toBe(first.pack.sha256);

    await acme.acceptedEvidence('Impact procedure', Buffer.from('impact assessment procedure'), {
      requirementUrns: [iso('6.1.4')],
    });
    const stillAsBefore = await exported({ asOf });
    expect(stillAsBefore.pack.sha256).toBe(first.pack.sha256);
    const now = await exported();
    expect(now.pack.sha256).not.toBe(first.pack.sha256);
    expect(now.pack.fileCount).toBe(first.pack.fileCount + 1);
  });

  it("shows the cycle's records and AI system names of asOf: later changes to them stay out", async () => {
    const system = await createSystem('Scoring model');
    await govern(CYCLE.update, { id: acme.cycleId, aiSystemIds: [system.id] });
    const soaEntry = (await gqlOk<any>(t.http, acme.officer, CYCLE.soa, { id: acme.cycleId })).cycle.soa[0];
    await govern(CYCLE.setSoA, { entryId: soaEntry.id, applicable: true, justification: 'Needed' });
    const nc = (
      await govern(CYCLE.raise, {
        cycleId: acme.cycleId,
        source: 'OTHER',
        severity: 'MINOR',
        description: 'Logs kept 10 days',
      })
    ).raiseNonconformity.nonconformity;
    const before = await exported();
    const asOf = before.scope.asOf;

    await govern(CYCLE.update, { id: acme.cycleId, name: 'Renamed cycle', scopeStatement: 'Everything' });
    await govern(CYCLE.checklist, {
      id: acme.checklist.get(iso('4.1')),
      status: 'IN_PROGRESS',
      notes: 'redo',
    });
    await govern(CYCLE.setSoA, {
      entryId: soaEntry.id,
      applicable: false,
      justification: 'Not used after all',
    });
    await govern(CYCLE.updateNc, {
      id: nc.id,
      description: 'Logs kept 2 days',
      rootCause: 'Default setting',
    });
    await govern(RISK.updateSystem, { id: system.id, name: 'Renamed model' });

    const again = await exported({ asOf });
    expect(again.pack.sha256).toBe(before.pack.sha256);
    const now = await exported();
    expect(now.pack.sha256).not.toBe(before.pack.sha256);
    const files = async (job: any) =>
      unzip((await fetchDownload(t.http, (await download(job.id)).downloadUrl)).body);
    const [past, present] = [await files(again), await files(now)];
    const show = (entries: Map<string, Buffer>) =>
      ['index.html', 'soa.csv', 'nonconformities.csv']
        .map((name) => entries.get(name)!.toString())
        .join('\n');
    for (const old of ['Scoring model', 'Logs kept 10 days', 'Needed']) expect(show(past)).toContain(old);
    for (const later of ['Renamed cycle', 'Renamed model', 'Logs kept 2 days', 'Not used after all'])
      expect(show(past)).not.toContain(later);
    for (const later of ['Renamed cycle', 'Renamed model', 'Logs kept 2 days', 'Not used after all'])
      expect(show(present)).toContain(later);
  });

  it('shows the register and risk criteria of asOf: later status, treatment, acceptance, systems, review and criteria stay out', async () => {
    const system = await createSystem('Chatbot');
    const risk = (await govern(RISK.create, { title: 'Model drift', aiSystemIds: [system.id] })).createRisk
      .risk;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await govern(RISK.assess, { riskId: risk.id, inherent: { likelihood: 1, consequence: 2 } });
    await govern(RISK.update, { id: risk.id, status: 'EVALUATED' });
    await govern(RISK.treat, { riskId: risk.id, option: 'MODIFY' });
    // Accepted by someone other than the owner.
    await govern(
      RISK.accept,
      { riskId: risk.id, rationale: 'low and watched', acceptedUntil: inDays(30) },
      acme.reviewer,
    );
    // A material change of its AI system puts the risk up for review.
    await govern(RISK.updateSystem, { id: system.id, modelVersion: '2026-11' });
    const before = await exported();
    const asOf = before.scope.asOf;

    await govern(RISK.treat, { riskId: risk.id, option: 'AVOID' });
    await govern(
      RISK.accept,
      { riskId: risk.id, rationale: 'avoided instead', acceptedUntil: inDays(60) },
      acme.reviewer,
    );
    await govern(RISK.assess, { riskId: risk.id, inherent: { likelihood: 1, consequence: 2 } });
    await govern(RISK.update, { id: risk.id, status: 'ANALYSED', aiSystemIds: [] });
    await govern(RISK.criteria, RENAMED_CRITERIA, acme.org.ownerToken);

    const again = await exported({ asOf });
    expect(again.pack.sha256).toBe(before.pack.sha256);
    const now = await exported();
    expect(now.pack.sha256).not.toBe(before.pack.sha256);

    const row = async (job: any) => {
      const csv = (await unzip((await fetchDownload(t.http, (await download(job.id)).downloadUrl)).body))
        .get('risk-register.csv')!
        .toString()
        .split('\r\n');
      const header = csv[0].split(',');
      const cells = csv.find((line) => line.startsWith(risk.id))!.split(',');
      return Object.fromEntries(header.map((name, i) => [name, cells[i]]));
    };
    expect(await row(before)).toMatchObject({
      status: 'ACCEPTED',
      ai_systems: 'Chatbot',
      treatment_option: 'MODIFY',
      acceptance_rationale: 'low and watched',
      inherent_level_label: 'Very low',
    });
    expect(await row(now)).toMatchObject({
      status: 'ANALYSED',
      ai_systems: '',
      treatment_option: 'AVOID',
      acceptance_rationale: 'avoided instead',
      inherent_level_label: 'Fine',
    });
  });

  it('lists jobs newest first, filtered by status and cycle', async () => {
    const all = (await gqlOk<any>(t.http, acme.auditor, Q.jobs, { first: 2 })).exportJobs;
    expect(all.totalCount).toBeGreaterThanOrEqual(4);
    expect(all.edges).toHaveLength(2);
    const next = (
      await gqlOk<any>(t.http, acme.auditor, Q.jobs, { first: 100, after: all.pageInfo.endCursor })
    ).exportJobs;
    expect(next.edges.map((e: any) => e.node.id)).not.toContain(all.edges[0].node.id);
    expect(next.edges.map((e: any) => e.node.id)).toContain(first.id);
    const failed = (await gqlOk<any>(t.http, acme.auditor, Q.jobs, { filter: { status: ['FAILED'] } }))
      .exportJobs;
    expect(failed.totalCount).toBe(0);
    const theirs = (await gqlOk<any>(t.http, other.ownerToken, Q.jobs, {})).exportJobs;
    expect(theirs.totalCount).toBe(0);
  });

  it('lets AUDITOR and above export, refuses VIEWER', async () => {
    for (const role of [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR]) {
      expect([role, (await gql(t.http, tokens[role], Q.job, { id: first.id })).errors]).toEqual([
        role,
        undefined,
      ]);
    }
    const viewer = tokens[Role.VIEWER];
    const jobsBefore = await sql(`SELECT count(*)::int AS n FROM export_job WHERE organisation_id = $1`, [
      acme.org.organisationId,
    ]);
    expect(errorCode(await requestPack(viewer, scope()))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.http, viewer, Q.job, { id: first.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.http, viewer, Q.jobs, {}))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.http, viewer, Q.download, { input: { jobId: first.id } }))).toBe(
      'FORBIDDEN',
    );
    const jobsAfter = await sql(`SELECT count(*)::int AS n FROM export_job WHERE organisation_id = $1`, [
      acme.org.organisationId,
    ]);
    expect(jobsAfter[0].n).toBe(jobsBefore[0].n);
  });

  it("treats another organisation's cycle, job and download as missing", async () => {
    await expectForeignIdBehavesAsMissing((id) => gql(t.http, other.ownerToken, Q.job, { id }), first.id);
    await expectForeignIdBehavesAsMissing(
      (id) => gql(t.http, other.ownerToken, Q.download, { input: { jobId: id } }),
      first.id,
    );
    await expectForeignIdBehavesAsMissing(
      (id) => requestPack(other.ownerToken, { ...scope(), cycleId: id }),
      acme.cycleId,
    );
  });

  it('refuses bad input naming the field, with nothing written and nothing queued', async () => {
    const jobs = async () =>
      (
        await sql(`SELECT count(*)::int AS n FROM export_job WHERE organisation_id = $1`, [
          acme.org.organisationId,
        ])
      )[0].n;
    const audits = async () =>
      (
        await sql(`SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1`, [
          acme.org.organisationId,
        ])
      )[0].n;
    const before = { jobs: await jobs(), audits: await audits(), queued: await queuedCount() };
    const cases: [Record<string, unknown>, string, string | null][] = [
      [{ frameworkUrns: ['urn:aims:framework:no-such:1'] }, 'BAD_USER_INPUT', 'input.frameworkUrns'],
      [{ frameworkUrns: [] }, 'BAD_USER_INPUT', 'input.frameworkUrns'],
      [{ periodStart: PERIOD.periodEnd, periodEnd: PERIOD.periodStart }, 'BAD_USER_INPUT', 'input.periodEnd'],
      [{ asOf: new Date(Date.now() + 3600_000).toISOString() }, 'BAD_USER_INPUT', 'input.asOf'],
      [{ cycleId: 'not-a-uuid' }, 'BAD_USER_INPUT', 'input.cycleId'],
      [{ cycleId: otherCycleId }, 'NOT_FOUND', null],
    ];
    for (const [input, code, field] of cases) {
      const res = await requestPack(acme.auditor, scope(input));
      expect([input, errorCode(res)]).toEqual([input, code]);
      if (field) expect([input, badFields(res)]).toEqual([input, [field]]);
    }
    expect({ jobs: await jobs(), audits: await audits(), queued: await queuedCount() }).toEqual(before);
    expect(errorCode(await gql(t.http, acme.auditor, Q.job, { id: 'nope' }))).toBe('BAD_USER_INPUT');
  });

  it('fails a pack whose evidence no longer matches its hash: FAILED naming it, audited and evented', async () => {
    const broken = await packOrganisation(t.http, 'Broken Pack Org');
    const item = await broken.acceptedEvidence('Tampered', Buffer.from('original bytes'), {
      checklistItemIds: [broken.checklist.get(iso('4.1'))],
    });
    const object = path.join(
      storageDir,
      'sha256',
      item.sha256.slice(0, 2),
      item.sha256.slice(2, 4),
      item.sha256,
    );
    await writeFile(object, 'tampered bytes');
    const res = await requestPack(broken.auditor, {
      cycleId: broken.cycleId,
      frameworkUrns: [ISO42001],
      ...PERIOD,
    });
    const job = await settledJob(t.http, broken.auditor, res.data!.requestEvidencePack.job.id);
    expect(job).toMatchObject({ status: 'FAILED', pack: null });
    expect(job.error).toContain(item.id);
    const audits = await sql(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [job.id]);
    expect(audits.map((a) => a.action)).toEqual(['export.requested', 'export.failed']);
    const events = await sql(`SELECT type FROM outbox_event WHERE payload->>'exportId' = $1`, [job.id]);
    expect(events.map((e) => e.type)).toEqual(['export.failed']);
    expect(errorCode(await gql(t.http, broken.auditor, Q.download, { input: { jobId: job.id } }))).toBe(
      'CONFLICT',
    );
  });

  // Last: it moves the clock forward.
  it('refuses a time-boxed AUDITOR once the membership has expired, and the URLs issued to it', async () => {
    const timeBoxed = await addMember(
      t.http,
      acme.org,
      Role.AUDITOR,
      new Date(clock.now().getTime() + 60_000),
    );
    expect(errorCode(await gql(t.http, timeBoxed.token, Q.job, { id: first.id }))).toBeUndefined();
    const grant = await download(first.id, timeBoxed.token);
    clock.offsetMs += 120_000;
    const refused = await requestPack(timeBoxed.token, scope());
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.http, timeBoxed.token, Q.job, { id: first.id }))).toBe('UNAUTHENTICATED');
    const res = await request(t.http).get(new URL(grant.downloadUrl).pathname);
    expect([res.status, res.body.code]).toEqual([403, 'URL_HOLDER_REVOKED']);
    // The permanent auditor still can.
    expect(errorCode(await gql(t.http, acme.auditor, Q.job, { id: first.id }))).toBeUndefined();
  });
});
