import { ExportProcessor } from '@aims/exports';
import { Clock, QueueName } from '@aims/platform';
import { ISO42001, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { privateDatabase, waitFor } from './reassessment-support';
import { startTestApp, TestApp } from './support/app';
import { gqlOk } from './support/gql';

const MINUTE = 60 * 1000;

class OffsetClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/**
 * An export whose queue job failed outside the processor (or vanished) while its row says RUNNING is failed
 * by the sweep once the grace period has passed. The sweep covers every organisation and travels in time,
 * so this file works in a database of its own.
 */
describe('evidence pack export lost by the queue', () => {
  let t: TestApp & { worker?: import('@nestjs/common').INestApplicationContext };
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  const clock = new OffsetClock();
  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
    t.runtime.dataSource.query(query, params);

  beforeAll(async () => {
    db = await privateDatabase();
    t = await startTestApp({ clock, worker: true, env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('fails a RUNNING export whose queue job failed or is gone, with its audit and outbox events', async () => {
    const acme = await packOrganisation(t.http, 'Lost Export Org');
    const queue = t.runtime.queues.queue(QueueName.Exports);
    // Two finished exports put back to RUNNING, as a worker killed mid-build leaves them.
    const stuck: string[] = [];
    for (const asOf of ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z']) {
      const requested = await gqlOk<any>(t.http, acme.auditor, Q.request, {
        input: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], ...PERIOD, asOf },
      });
      const id = requested.requestEvidencePack.job.id;
      expect((await settledJob(t.http, acme.auditor, id)).status).toBe('COMPLETED');
      await sql(
        `UPDATE export_job SET status = 'RUNNING', phase = 'WRITING', started_at = $2 WHERE id = $1`,
        [id, clock.now()],
      );
      await queue.remove(id);
      stuck.push(id);
    }
    const [gone, failed] = stuck;
    // The second one's queue job fails before the processor can record anything.
    await queue.add(
      'pack',
      { exportId: failed, organisationId: 'not-an-organisation' },
      { jobId: failed, attempts: 1 },
    );
    await waitFor(async () => (await queue.getJobState(failed)) === 'failed', 60_000);
    // The first one is queued again for later: while its job waits it is left alone.
    await queue.add(
      'pack',
      { exportId: gone, organisationId: acme.org.organisationId },
      { jobId: gone, delay: 3_600_000 },
    );

    const processor = t.worker!.get(ExportProcessor);
    const status = async (id: string) =>
      (await sql(`SELECT status, error FROM export_job WHERE id = $1`, [id]))[0];

    clock.offsetMs = 5 * MINUTE;
    expect((await processor.sweep()).lost).toBe(0);
    expect((await status(gone)).status).toBe('RUNNING');

    clock.offsetMs = 20 * MINUTE;
    expect((await processor.sweep()).lost).toBe(1);
    expect((await status(gone)).status).toBe('RUNNING');
    await queue.remove(gone);
    expect((await processor.sweep()).lost).toBe(1);
    for (const id of stuck) {
      expect(await status(id)).toEqual({ status: 'FAILED', error: 'the worker lost the job' });
      const audits = await sql(
        `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'export.failed'`,
        [id],
      );
      expect(audits).toEqual([{ changes: { error: 'the worker lost the job' } }]);
      const events = await sql(
        `SELECT payload->>'error' AS error FROM outbox_event WHERE type = 'export.failed' AND payload->>'exportId' = $1`,
        [id],
      );
      expect(events).toEqual([{ error: 'the worker lost the job' }]);
    }
    expect((await processor.sweep()).lost).toBe(0);
  }, 240_000);
});
