import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Clock, QueueName } from '@aims/platform';
import { ISO42001, iso, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { privateDatabase, waitFor } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { errorCode, gql, gqlOk } from './support/gql';

const DAY = 24 * 3600 * 1000;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

class OffsetClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/**
 * Pack retention removes every organisation's expired packs, so this file works in a database of its own.
 */
describe('evidence pack retention', () => {
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let storageDir: string;
  const clock = new OffsetClock();

  beforeAll(async () => {
    db = await privateDatabase();
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-exports-retention-'));
    t = await startTestApp({
      clock,
      worker: true,
      env: { DATABASE_URL: db.url, EVIDENCE_STORAGE_DIR: storageDir, PACK_RETENTION_DAYS: '7' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('removes packs past PACK_RETENTION_DAYS, keeping the job as history', async () => {
    const acme = await packOrganisation(t.http, 'Retention Org');
    await acme.acceptedEvidence('Policy', Buffer.from('AI policy v1'), { requirementUrns: [iso('5.2')] });
    const requested = await gqlOk<any>(t.http, acme.auditor, Q.request, {
      input: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], ...PERIOD },
    });
    const job = await settledJob(t.http, acme.auditor, requested.requestEvidencePack.job.id);
    expect(job.status).toBe('COMPLETED');
    const object = path.join(
      storageDir,
      'packs',
      'sha256',
      job.pack.sha256.slice(0, 2),
      job.pack.sha256.slice(2, 4),
      job.pack.sha256,
    );
    expect((await stat(object)).isFile()).toBe(true);
    expect(new Date(job.pack.expiresAt).getTime() - new Date(job.completedAt).getTime()).toBe(7 * DAY);

    const sweep = async (label: string) => {
      const queue = t.runtime.queues.queue(QueueName.Exports);
      await queue.add('retention', {}, { jobId: label });
      await waitFor(async () => (await queue.getJobState(label)) === 'completed', 60_000);
    };
    await sweep('retention-now');
    clock.offsetMs = 6 * DAY;
    await sweep('retention-day-6-moved');
    expect((await stat(object)).isFile()).toBe(true);

    clock.offsetMs = 8 * DAY;
    await sweep('retention-day-8');
    await expect(stat(object)).rejects.toThrow();
    const token = (
      await gqlOk<any>(t.http, null, LOGIN, {
        input: {
          email: acme.org.ownerEmail,
          password: acme.org.password,
          organisationId: acme.org.organisationId,
        },
      })
    ).login.accessToken;
    const after = (await gqlOk<any>(t.http, token, Q.job, { id: job.id })).exportJob;
    expect(after).toMatchObject({ status: 'COMPLETED', pack: { sha256: job.pack.sha256, available: false } });
    expect(errorCode(await gql(t.http, token, Q.download, { input: { jobId: job.id } }))).toBe('CONFLICT');
    const audits = await t.runtime.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [job.id],
    );
    expect(audits.map((a: { action: string }) => a.action)).toEqual([
      'export.requested',
      'export.completed',
      'export.pack_removed',
    ]);
  });
});
