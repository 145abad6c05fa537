import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { fetchDownload, ISO42001, iso, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { startTestApp, TestApp } from './support/app';
import { gqlOk } from './support/gql';

/** HEAD on a signed pack download answers with the download's headers only: no body, no audited download. */
describe('evidence pack download, HEAD', () => {
  let t: TestApp;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-exports-review-'));
    t = await startTestApp({ worker: true, env: { EVIDENCE_STORAGE_DIR: storageDir } });
  });
  afterAll(async () => {
    await t?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  const downloads = async (jobId: string) =>
    (
      await t.runtime.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'export.downloaded'`,
        [jobId],
      )
    )[0].n as number;

  it('gives the headers of the pack without reading it or auditing a download', async () => {
    const acme = await packOrganisation(t.http, 'Head Pack Org');
    await acme.acceptedEvidence('Policy', Buffer.from('AI policy v1'), { requirementUrns: [iso('5.2')] });
    const requested = await gqlOk<any>(t.http, acme.auditor, Q.request, {
      input: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], ...PERIOD },
    });
    const job = await settledJob(t.http, acme.auditor, requested.requestEvidencePack.job.id);
    expect(job.status).toBe('COMPLETED');
    const grant = (await gqlOk<any>(t.http, acme.auditor, Q.download, { input: { jobId: job.id } }))
      .createExportDownload;
    const pathname = new URL(grant.downloadUrl).pathname;

    const head = await request(t.http as any).head(pathname);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/zip');
    expect(head.headers['content-length']).toBe(String(job.pack.size));
    expect(head.headers['x-content-sha256']).toBe(job.pack.sha256);
    expect(head.text ?? '').toBe('');
    expect(await downloads(job.id)).toBe(0);

    const bad = await request(t.http as any).head(`${pathname.slice(0, -4)}AAAA`);
    expect(bad.status).toBe(403);
    expect(await downloads(job.id)).toBe(0);

    const got = await fetchDownload(t.http, grant.downloadUrl);
    expect(got.status).toBe(200);
    expect(got.body.length).toBe(job.pack.size);
    expect(await downloads(job.id)).toBe(1);
  });
});
