import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_CATALOG, WebhookEndpointService } from '@aims/webhooks';
import { ManualClock, systemActor } from '@aims/platform';
import { ReassessmentSweeper } from '@aims/reassessment';
import { seedDemo } from '../seeds/demo';
import { ISO42001, iso, packOrganisation, PERIOD, Q as PACK, settledJob } from './exports-support';
import { privateDatabase } from './reassessment-support';
import { startTestApp } from './support/app';
import { gqlOk } from './support/gql';
import { CREATE_ENDPOINT, Receiver, shapeOf, waitFor } from './webhooks-support';

const DAY = 24 * 3600_000;

const M = {
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id grade } } }`,
  updateSystem: `mutation($input: UpdateAISystemInput!) { updateAISystem(input: $input) { aiSystem { id grade } } }`,
  createRisk: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`,
  closeRisk: `mutation($input: CloseRiskInput!) { closeRisk(input: $input) { risk { id status } } }`,
  raise: `mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { id } } }`,
  addAction: `mutation($input: AddCorrectiveActionInput!) { addCorrectiveAction(input: $input) { correctiveAction { id } } }`,
  advance: `mutation($input: AdvanceCycleInput!) { advanceCycle(input: $input) { cycle { phase } nextCycle { id } } }`,
  testEndpoint: `mutation($input: WebhookEndpointIdInput!) { testWebhookEndpoint(input: $input) { delivery { id } } }`,
};

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
  let storageDir: string;

  beforeAll(async () => {
    // An endpoint under /gone answers 410 Gone, which disables it.
    receiver.respond = (r) => (r.path === '/gone' ? { status: 410 } : { status: 200, body: 'ok' });
    await receiver.start();
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-webhook-events-'));
    db = await privateDatabase();
    t = await startTestApp({
      clock,
      worker: true,
      env: {
        DATABASE_URL: db.url,
        EVIDENCE_STORAGE_DIR: storageDir,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await receiver.stop();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  /**
   * What the seed and the sweeps do not produce, driven through the API in an organisation of its own:
   * an AI system updated and re-graded, a risk closed, evidence rejected, a nonconformity raised with an
   * action falling due, an evidence pack produced and one failing on a tampered file, a cycle closed by
   * overridden gates, and an endpoint disabled by 410 Gone.
   */
  const driveTheRest = async () => {
    const org = await packOrganisation(t.http, 'Webhook Events Org');
    const owner = org.org.ownerToken;
    const call = async (query: string, input: Record<string, unknown>, token = owner) =>
      Object.values(await gqlOk<any>(t.http, token, query, { input }))[0] as any;
    await call(CREATE_ENDPOINT, { url: receiver.url() });

    const { aiSystem } = await call(M.createSystem, {
      name: 'Chat assistant',
      role: 'DEPLOYER',
      lifecycleStage: 'OPERATION_AND_MONITORING',
      intelligenceLevel: 'BASIC',
      scenarioCriticality: 'GENERAL',
      applicationScale: 'SMALL',
    });
    const regraded = await call(M.updateSystem, {
      id: aiSystem.id,
      intelligenceLevel: 'FRONTIER',
      scenarioCriticality: 'CRITICAL',
      applicationScale: 'LARGE',
    });
    expect(regraded.aiSystem.grade).not.toBe(aiSystem.grade);

    const { risk } = await call(M.createRisk, { title: 'Prompt injection' });
    await call(M.closeRisk, { riskId: risk.id, reason: 'The feature was withdrawn.' });

    const { evidenceItem } = await org.run('create', {
      title: 'Vendor attestation',
      kind: 'LINK',
      url: 'https://vendor.example.com/attestation',
      links: { checklistItemIds: [org.checklist.get(iso('4.1'))] },
    });
    await org.run('submit', { evidenceItemId: evidenceItem.id });
    await org.run(
      'review',
      { evidenceItemId: evidenceItem.id, decision: 'REJECT', comment: 'Unsigned.' },
      org.reviewer,
    );

    const { nonconformity } = await call(M.raise, {
      cycleId: org.cycleId,
      source: 'INCIDENT',
      severity: 'MINOR',
      description: 'A model change skipped the impact assessment review.',
    });
    await call(M.addAction, {
      nonconformityId: nonconformity.id,
      description: 'Add a model-change trigger to the review procedure',
      dueAt: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
    });

    const links = { checklistItemIds: [org.checklist.get(iso('4.1'))] };
    // A pack holds what was recorded before its asOf (now, from the clock; rows carry the database's
    // time): the clock moves past both first.
    const pack = async () => {
      clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1000));
      const r = await gqlOk<any>(t.http, org.auditor, PACK.request, {
        input: { cycleId: org.cycleId, frameworkUrns: [ISO42001], ...PERIOD },
      });
      return settledJob(t.http, org.auditor, r.requestEvidencePack.job.id);
    };
    await org.acceptedEvidence('Context analysis', Buffer.from('context analysis, signed off'), links);
    expect((await pack()).status).toBe('COMPLETED');
    // Tampering an object on disk fails the next pack (its hash no longer matches).
    const tampered = await org.acceptedEvidence('Tampered', Buffer.from('original bytes'), links);
    await writeFile(
      path.join(
        storageDir,
        'sha256',
        tampered.sha256.slice(0, 2),
        tampered.sha256.slice(2, 4),
        tampered.sha256,
      ),
      'tampered bytes',
    );
    expect((await pack()).status).toBe('FAILED');

    let cycleId = org.cycleId;
    for (let step = 0; step < 4; step++) {
      const moved = await call(M.advance, { cycleId, override: { reason: 'event catalog fixture' } });
      if (moved.nextCycle) cycleId = moved.nextCycle.id;
    }
    expect(cycleId).not.toBe(org.cycleId);

    const gone = await call(CREATE_ENDPOINT, { url: receiver.url('/gone'), eventTypes: ['webhook.test'] });
    await call(M.testEndpoint, { id: gone.endpoint.id });
  };

  it('delivers each emitted type with the documented shape', async () => {
    const since = new Date(clock.now().getTime() - 1000);
    await seedDemo(t.app);
    const [{ id: organisationId }] = await t.runtime.dataSource.query(`SELECT id FROM organisation LIMIT 1`);
    const actor = systemActor(organisationId);
    const webhooks = t.app.get(WebhookEndpointService, { strict: false });
    const { endpoint } = await webhooks.create(actor, { url: receiver.url() });
    // What the seed emitted before the endpoint existed comes through a replay.
    await webhooks.replay(actor, { endpointId: endpoint.id, since, until: new Date(Date.now() + 60_000) });
    await driveTheRest();
    const sweeper = t.worker!.get(ReassessmentSweeper);
    for (let day = 1; day <= 400; day += 3) {
      clock.set(new Date(since.getTime() + day * DAY));
      await sweeper.sweep();
    }
    await webhooks.test(actor, endpoint.id);
    await waitFor(() => EVENT_CATALOG.every((e) => receiver.ofType(e.type).length > 0), 60_000).catch(
      () => undefined,
    );

    const delivered = new Set(receiver.received.map((r) => r.json.type));
    for (const entry of EVENT_CATALOG) {
      for (const r of receiver.ofType(entry.type))
        expect([entry.type, shapeOf(withoutSubjectKey(r.json.data))]).toEqual([
          entry.type,
          shapeOf(withoutSubjectKey(entry.example)),
        ]);
    }
    expect(EVENT_CATALOG.map((e) => e.type).filter((type) => !delivered.has(type))).toEqual([]);
  }, 240_000);
});
