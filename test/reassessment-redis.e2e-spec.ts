import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '@aims/platform';
import { privateDatabase, seedRisksDueForReview, waitFor, withClient } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';

const PORT = 6391;
const HOUR = 3600 * 1000;
const TASKS = `query($first: Int) { reassessmentTasks(first: $first) { totalCount } }`;
const RISKS = `{ risks(first: 1) { totalCount } }`;

/**
 * A Redis of its own (never the machine's main one), persisted to an append-only file as production
 * Redis for BullMQ should be, so a restart keeps the job scheduler.
 */
function startRedis(dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(PORT), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const onRedis = process.env.REDIS_URL ? describe : describe.skip;

onRedis('reassessment while Redis is down', () => {
  const clock = new ManualClock(new Date());
  const dir = mkdtempSync(path.join(tmpdir(), 'aims-redis-'));
  let redis: ChildProcess;
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let org: TestOrg;

  const taskCount = () =>
    withClient(
      db.url,
      async (c) =>
        (
          await c.query('SELECT count(*)::int AS n FROM reassessment_task WHERE organisation_id = $1', [
            org.organisationId,
          ])
        ).rows[0].n as number,
    );
  const seed = (count: number) =>
    withClient(db.url, (c) =>
      seedRisksDueForReview(c, [org.organisationId], count, new Date(clock.now().getTime() - HOUR)),
    );

  beforeAll(async () => {
    redis = await startRedis(dir);
    db = await privateDatabase();
    t = await startTestApp({
      clock,
      worker: true,
      env: {
        DATABASE_URL: db.url,
        REDIS_URL: `redis://127.0.0.1:${PORT}`,
        REASSESSMENT_SWEEP_INTERVAL_MS: '300',
      },
    });
    org = await createOrg(t.http, 'Redis outage org');
  });
  afterAll(async () => {
    await t?.close();
    await kill(redis);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering queries while Redis is down, and the worker catches up once it returns', async () => {
    await seed(10);
    await waitFor(async () => (await taskCount()) === 10);

    await kill(redis);
    // Lets a sweep fetched just before the outage finish; no job can be fetched after it.
    await new Promise((r) => setTimeout(r, 1000));
    await seed(20);
    for (let i = 0; i < 3; i++) {
      const tasks = await gqlOk<any>(t.http, org.ownerToken, TASKS, { first: 5 });
      expect(tasks.reassessmentTasks.totalCount).toBe(10);
      expect((await gqlOk<any>(t.http, org.ownerToken, RISKS)).risks.totalCount).toBe(30);
    }

    redis = await startRedis(dir);
    await waitFor(async () => (await taskCount()) === 30);
    const tasks = await gqlOk<any>(t.http, org.ownerToken, TASKS, { first: 5 });
    expect(tasks.reassessmentTasks.totalCount).toBe(30);
  });
});
