import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ISO42001, iso, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { spawnWorker, waitFor, WorkerProcess } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { gqlOk } from './support/gql';

const MiB = 1024 * 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * A worker process SIGKILLed in the middle of an export: the job is not reported finished, no pack appears,
 * and once a worker runs again the job completes with exactly the bytes of an uninterrupted export.
 */
describe('evidence pack export across a worker crash', () => {
  let t: TestApp;
  let storageDir: string;
  const workers: WorkerProcess[] = [];
  // The workers share the key that seals the organisation's pack signing key, as the processes of one
  // deployment do (without it each would derive its own from a random development secret).
  const encryptionKey = randomBytes(32).toString('hex');

  const worker = () => {
    const w = spawnWorker({
      DATABASE_URL: t.runtime.databaseUrl,
      QUEUE_PREFIX: t.runtime.config.QUEUE_PREFIX,
      EVIDENCE_STORAGE_DIR: storageDir,
      ENCRYPTION_KEY: encryptionKey,
      OUTBOX_RELAY_INTERVAL_MS: '600000',
    });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-exports-crash-'));
    // The spawned workers sweep their whole database: it is this file's own.
    t = await startTestApp({ ownDatabase: true, env: { EVIDENCE_STORAGE_DIR: storageDir } });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('completes after a restart with the same pack as an uninterrupted export', async () => {
    const acme = await packOrganisation(t.http, 'Crash Pack Org');
    // Enough bytes that writing the pack takes a while: the kill lands while it is being written.
    for (const [i, ref] of ['4.1', '6.1.2', '6.1.3'].entries()) {
      await acme.acceptedEvidence(`Large evidence ${i}`, randomBytes(30 * MiB), {
        requirementUrns: [iso(ref)],
      });
    }
    const asOf = new Date().toISOString();
    const requestPack = async () =>
      (
        await gqlOk<any>(t.http, acme.auditor, Q.request, {
          input: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], ...PERIOD, asOf },
        })
      ).requestEvidencePack.job.id as string;
    const row = async (id: string) =>
      (
        await t.runtime.dataSource.query(
          `SELECT status, progress, pack_sha256 FROM export_job WHERE id = $1`,
          [id],
        )
      )[0];

    const first = worker();
    await first.ready;
    const uninterrupted = await settledJob(t.http, acme.auditor, await requestPack(), 120_000);
    expect(uninterrupted.status).toBe('COMPLETED');
    const packsBefore = await filesUnder(path.join(storageDir, 'packs'));
    expect(packsBefore).toHaveLength(1);

    const id = await requestPack();
    await waitFor(async () => (await row(id)).status === 'RUNNING', 60_000, 5);
    // Freeze the process, confirm the export is unfinished, then kill it without any chance to clean up.
    first.child.kill('SIGSTOP');
    const frozen = await row(id);
    expect(frozen).toMatchObject({ status: 'RUNNING', pack_sha256: null });
    first.child.kill('SIGKILL');
    await first.exited;

    expect(await filesUnder(path.join(storageDir, 'packs'))).toEqual(packsBefore);
    expect((await gqlOk<any>(t.http, acme.auditor, Q.job, { id })).exportJob).toMatchObject({
      status: 'RUNNING',
      pack: null,
    });

    const second = worker();
    await second.ready;
    // BullMQ hands the stalled job to the new worker once the dead worker's lock expires.
    const resumed = await settledJob(t.http, acme.auditor, id, 180_000);
    expect(resumed).toMatchObject({ status: 'COMPLETED', progress: 100, error: null });
    expect(resumed.pack).toEqual({ ...uninterrupted.pack, expiresAt: resumed.pack.expiresAt });
    expect(await filesUnder(path.join(storageDir, 'packs'))).toEqual(packsBefore);
  }, 300_000);
});
