import { QueueName } from '@aims/platform';
import {
  privateDatabase,
  seedAcceptedRisks,
  seedEvidence,
  seedOrganisations,
  seedRisksDueForReview,
  spawnWorker,
  tally,
  waitFor,
  withClient,
  WorkerProcess,
} from '../reassessment-support';
import { startTestApp, TestApp } from '../support/app';

/** Runs on Redis when REDIS_URL is set, otherwise on BullMQ's PostgreSQL backend (CI runs both). */
const backend = process.env.REDIS_URL ? 'redis' : 'postgres';
const HOUR = 3600 * 1000;

/**
 * Exactly-once reassessment under real concurrency and real crashes: the worker app runs as separate Node
 * processes on a database of this file's own, and the task table and the outbox are counted directly.
 */
describe(`reassessment sweeps across worker processes on the ${backend} backend`, () => {
  let t: TestApp;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  const workers: WorkerProcess[] = [];

  const worker = (env: Record<string, string>) => {
    const w = spawnWorker({
      DATABASE_URL: db.url,
      QUEUE_PREFIX: t.runtime.config.QUEUE_PREFIX,
      OUTBOX_RELAY_INTERVAL_MS: '600000',
      ...env,
    });
    workers.push(w);
    return w;
  };
  const sql = <T>(fn: Parameters<typeof withClient<T>>[1]) => withClient(db.url, fn);
  const queue = () => t.runtime.queues.queue(QueueName.Reassessment);
  const sweepJobs = async (label: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) => queue().add('sweep', {}, { jobId: `${label}-${i}` })),
    );
  const settled = async (ids: string[]) =>
    waitFor(async () => {
      const states = await Promise.all(ids.map((id) => queue().getJobState(id)));
      return states.every((s) => s === 'completed');
    }, 120_000);

  beforeAll(async () => {
    db = await privateDatabase();
    t = await startTestApp({ env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
    await db?.drop();
  });

  it('two worker processes sweeping the same data create and event each task exactly once', async () => {
    const a = worker({ REASSESSMENT_BATCH_SIZE: '20', REASSESSMENT_SWEEP_INTERVAL_MS: '600000' });
    const b = worker({ REASSESSMENT_BATCH_SIZE: '20', REASSESSMENT_SWEEP_INTERVAL_MS: '600000' });
    await Promise.all([a.ready, b.ready]);

    const now = new Date();
    const expected = await sql(async (c) => {
      const orgs = await seedOrganisations(c, 3);
      return {
        review: await seedRisksDueForReview(c, orgs, 600, new Date(now.getTime() - HOUR)),
        expired: await seedAcceptedRisks(c, orgs, 50, new Date(now.getTime() - HOUR)),
        expiring: await seedAcceptedRisks(c, orgs, 50, new Date(now.getTime() + 5 * 24 * HOUR)),
        evidenceExpired: await seedEvidence(c, orgs, 40, new Date(now.getTime() - HOUR)),
        evidenceExpiring: await seedEvidence(c, orgs, 40, new Date(now.getTime() + 20 * 24 * HOUR)),
      };
    });
    const total = Object.values(expected).reduce((x, y) => x + y, 0);

    // Several sweeps at once: both idle workers take one each and race over the same due subjects.
    const jobs = await sweepJobs('race', 6);
    await settled(jobs.map((j) => j.id as string));

    const counts = await sql(tally);
    expect(counts.tasks).toBe(total);
    expect(counts.distinctKeys).toBe(total);
    expect(counts.byKind).toEqual({
      RISK_REVIEW_DUE: expected.review,
      RISK_ACCEPTANCE_EXPIRED: expected.expired,
      RISK_ACCEPTANCE_EXPIRING: expected.expiring,
      EVIDENCE_EXPIRED: expected.evidenceExpired,
      EVIDENCE_EXPIRING: expected.evidenceExpiring,
    });
    expect(counts.events['reassessment.created']).toBe(total);
    expect(counts.events['risk.review_due']).toBe(expected.review);
    expect(counts.events['risk.acceptance_expired']).toBe(expected.expired);
    expect(counts.events['evidence.expired']).toBe(expected.evidenceExpired);
    expect(counts.events['evidence.expiring']).toBe(expected.evidenceExpiring);
    expect(counts.createdEventsPerTask).toEqual({ min: 1, max: 1, tasksWithEvent: total });
    const stillAccepted = await sql(
      async (c) =>
        (
          await c.query(
            "SELECT count(*)::int AS n FROM risk WHERE status = 'ACCEPTED' AND accepted_until <= now()",
          )
        ).rows[0].n,
    );
    expect(stillAccepted).toBe(0);

    // What the sweeps reported creating never exceeds the table: no task was counted twice. (A sweep job
    // re-run after a stalled lock under load reports only what its second run created, so the sum can
    // fall short; exactly-once itself is proven above by one event per task.)
    const results = await Promise.all(
      jobs.map(async (j) => (await queue().getJob(j.id as string))?.returnvalue),
    );
    const created = results.map((r) =>
      Object.values((r?.created ?? {}) as Record<string, number>).reduce((x, y) => x + y, 0),
    );
    expect(created.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(total);
    // Both workers really raced: the due subjects were split between concurrent sweeps.
    expect(created.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    await Promise.all([a.stop(), b.stop()]);
  }, 300_000);

  it('a worker killed with SIGKILL mid-sweep loses nothing and duplicates nothing after restart', async () => {
    const [org] = await sql((c) => seedOrganisations(c, 1));
    const due = await sql((c) => seedRisksDueForReview(c, [org], 5000, new Date(Date.now() - HOUR)));
    const countFor = () =>
      sql(async (c) => {
        const tasks = await c.query(
          'SELECT count(*)::int AS n FROM reassessment_task WHERE organisation_id = $1',
          [org],
        );
        const events = await c.query(
          "SELECT count(*)::int AS n FROM outbox_event WHERE organisation_id = $1 AND type = 'reassessment.created'",
          [org],
        );
        return { tasks: tasks.rows[0].n as number, events: events.rows[0].n as number };
      });

    const victim = worker({ REASSESSMENT_BATCH_SIZE: '25', REASSESSMENT_SWEEP_INTERVAL_MS: '500' });
    await victim.ready;
    await waitFor(async () => (await countFor()).tasks > 0, 60_000, 5);
    victim.child.kill('SIGKILL');
    await victim.exited;

    const atKill = await countFor();
    expect(atKill.tasks).toBeGreaterThan(0);
    expect(atKill.tasks).toBeLessThan(due);
    // Batches commit whole: every task that exists has its event, and nothing else does.
    expect(atKill.events).toBe(atKill.tasks);

    const restarted = worker({ REASSESSMENT_BATCH_SIZE: '200', REASSESSMENT_SWEEP_INTERVAL_MS: '500' });
    await restarted.ready;
    await waitFor(async () => (await countFor()).tasks === due, 120_000);
    // One more full sweep after catching up changes nothing.
    const [extra] = await sweepJobs('after-restart', 1);
    await settled([extra.id as string]);

    expect(await countFor()).toEqual({ tasks: due, events: due });
    const counts = await sql(tally);
    expect(counts.distinctKeys).toBe(counts.tasks);
    expect(counts.createdEventsPerTask).toMatchObject({ min: 1, max: 1 });
    await restarted.stop();
  }, 300_000);
});
