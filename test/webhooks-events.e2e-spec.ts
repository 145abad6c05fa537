import { EVENT_CATALOG, WebhookEndpointService } from '@aims/webhooks';
import { ManualClock, systemActor } from '@aims/platform';
import { ReassessmentSweeper } from '@aims/reassessment';
import { seedDemo } from '../seeds/demo';
import { privateDatabase } from './reassessment-support';
import { startTestApp } from './support/app';
import { Receiver, shapeOf, waitFor } from './webhooks-support';

const DAY = 24 * 3600_000;

/** Reassessment payloads repeat the subject id under a key of its kind (`riskId`, `evidenceItemId`, ...). */
function withoutSubjectKey(data: Record<string, unknown>): Record<string, unknown> {
  if (!('subjectId' in data)) return data;
  return Object.fromEntries(
    Object.entries(data).filter(([k, v]) => k === 'subjectId' || v !== data.subjectId),
  );
}

/**
 * The catalog's examples are a contract: every event type the code emits reaches an endpoint with data
 * shaped like its documented example. Real work produces the events: the demo seed (AI systems, impact
 * assessments, risks, a cycle with its checklist, SoA and policy), then a year of scheduled sweeps on a
 * moved clock (reviews due, acceptances and evidence expiring, overdue actions, escalations).
 */
describe('webhook event catalog against what the code emits', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  const clock = new ManualClock(new Date());
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    db = await privateDatabase();
    t = await startTestApp({
      clock,
      worker: true,
      env: { DATABASE_URL: db.url, WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await receiver.stop();
  });

  it('delivers each emitted type with the documented shape', async () => {
    const since = new Date(clock.now().getTime() - 1000);
    await seedDemo(t.app);
    const [{ id: organisationId }] = await t.runtime.dataSource.query(`SELECT id FROM organisation LIMIT 1`);
    const actor = systemActor(organisationId);
    const webhooks = t.app.get(WebhookEndpointService, { strict: false });
    const { endpoint } = await webhooks.create(actor, { url: receiver.url() });
    // What the seed emitted before the endpoint existed comes through a replay.
    await webhooks.replay(actor, { endpointId: endpoint.id, since, until: new Date(Date.now() + 60_000) });
    const sweeper = t.worker!.get(ReassessmentSweeper);
    for (let day = 1; day <= 400; day += 3) {
      clock.set(new Date(since.getTime() + day * DAY));
      await sweeper.sweep();
    }
    await webhooks.test(actor, endpoint.id);
    const emitted: { type: string }[] = await t.runtime.dataSource.query(
      `SELECT DISTINCT type FROM outbox_event WHERE organisation_id = $1`,
      [organisationId],
    );
    await waitFor(
      () =>
        emitted.every((e) => receiver.ofType(e.type).length > 0) &&
        receiver.ofType('webhook.test').length > 0,
      60_000,
    );

    const delivered = new Set(receiver.received.map((r) => r.json.type));
    for (const entry of EVENT_CATALOG) {
      for (const r of receiver.ofType(entry.type))
        expect([entry.type, shapeOf(withoutSubjectKey(r.json.data))]).toEqual([
          entry.type,
          shapeOf(withoutSubjectKey(entry.example)),
        ]);
    }
    const missing = EVENT_CATALOG.map((e) => e.type).filter((type) => !delivered.has(type));
    console.log(`delivered: ${[...delivered].sort().join(', ')}\nnot reached: ${missing.join(', ')}`);
  }, 240_000);
});
