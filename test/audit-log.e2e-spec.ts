import request from 'supertest';
import { Role } from '@aims/platform';
import { GENESIS_HASH, readAuditEventsForPack, UnitOfWork, verifyChainSegment } from '@aims/audit-log';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg } from './support/factory';
import { errorCode, gql, gqlOk } from './support/gql';

const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id seq action entityType entityId actorType actorId requestId occurredAt changes prevHash hash } }
  }
}`;
const INTEGRITY = '{ auditLogIntegrity { valid checkedEvents firstBrokenSeq } }';
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function orgWithHistory(keys = 3): Promise<TestOrg> {
    const org = await createOrg(t.http);
    for (let i = 0; i < keys; i++) {
      await gqlOk(t.http, org.ownerToken, CREATE_KEY, { input: { name: `key ${i}`, role: 'VIEWER' } });
    }
    return org;
  }

  it('records every mutation with actor, diff and the request id, in a per-organisation chain', async () => {
    const org = await createOrg(t.http);
    const res = await request(t.http)
      .post('/graphql')
      .set('authorization', `Bearer ${org.ownerToken}`)
      .set('x-request-id', 'req-audit-test-0001')
      .send({ query: CREATE_KEY, variables: { input: { name: 'traced', role: 'AUDITOR' } } });
    expect(res.headers['x-request-id']).toBe('req-audit-test-0001');
    const keyId = res.body.data.createApiKey.apiKey.id;

    const { auditEvents } = await gqlOk(t.http, org.ownerToken, EVENTS, { filter: { entityId: keyId } });
    expect(auditEvents.totalCount).toBe(1);
    expect(auditEvents.edges[0].node).toMatchObject({
      action: 'api_key.created',
      entityType: 'ApiKey',
      entityId: keyId,
      actorType: 'USER',
      actorId: org.ownerId,
      requestId: 'req-audit-test-0001',
      changes: { name: { from: null, to: 'traced' }, role: { from: null, to: 'AUDITOR' } },
    });
    const all = await gqlOk(t.http, org.ownerToken, EVENTS, { first: 100 });
    const seqs = all.auditEvents.edges.map((e: { node: { seq: number } }) => e.node.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(Math.min(...seqs)).toBe(1);
    const nodes = all.auditEvents.edges.map((e: { node: unknown }) => e.node).reverse();
    expect(nodes[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < nodes.length; i++) expect(nodes[i].prevHash).toBe(nodes[i - 1].hash);
  });

  it('pages with keyset cursors and filters by entity, actor, action and time', async () => {
    const org = await orgWithHistory(5);
    const first = await gqlOk(t.http, org.ownerToken, EVENTS, { first: 2 });
    expect(first.auditEvents.totalCount).toBe(7); // organisation + membership + 5 keys
    expect(first.auditEvents.pageInfo.hasNextPage).toBe(true);
    const second = await gqlOk(t.http, org.ownerToken, EVENTS, {
      first: 2,
      after: first.auditEvents.pageInfo.endCursor,
    });
    const seq = (r: any) => r.auditEvents.edges.map((e: any) => e.node.seq);
    expect(seq(first)).toEqual([7, 6]);
    expect(seq(second)).toEqual([5, 4]);

    const byAction = await gqlOk(t.http, org.ownerToken, EVENTS, { filter: { action: 'api_key.created' } });
    expect(byAction.auditEvents.totalCount).toBe(5);
    const byActor = await gqlOk(t.http, org.ownerToken, EVENTS, {
      filter: { actorId: org.ownerId, entityType: 'ApiKey' },
    });
    expect(byActor.auditEvents.totalCount).toBe(5);
    const future = await gqlOk(t.http, org.ownerToken, EVENTS, {
      filter: { from: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.auditEvents.totalCount).toBe(0);
    const past = await gqlOk(t.http, org.ownerToken, EVENTS, {
      filter: { to: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(past.auditEvents.totalCount).toBe(7);

    const badCursor = await gql(t.http, org.ownerToken, EVENTS, { after: 'not-a-cursor' });
    expect(errorCode(badCursor)).toBe('BAD_USER_INPUT');
    const tooMany = await gql(t.http, org.ownerToken, EVENTS, { first: 101 });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    const badFilter = await gql(t.http, org.ownerToken, EVENTS, { filter: { actorId: 'nope' } });
    expect(errorCode(badFilter)).toBe('BAD_USER_INPUT');
  });

  it('never shows another organisation’s events', async () => {
    const mine = await orgWithHistory(1);
    const theirs = await orgWithHistory(4);
    const res = await gqlOk(t.http, mine.ownerToken, EVENTS, {
      first: 100,
      filter: { actorId: theirs.ownerId },
    });
    expect(res.auditEvents.totalCount).toBe(0);
    const all = await gqlOk(t.http, mine.ownerToken, EVENTS, { first: 100 });
    expect(all.auditEvents.totalCount).toBe(3);
  });

  it('verifies the chain, and names the first broken sequence number after tampering in SQL', async () => {
    const org = await orgWithHistory(4);
    const intact = await gqlOk(t.http, org.ownerToken, INTEGRITY);
    expect(intact.auditLogIntegrity).toEqual({ valid: true, checkedEvents: 6, firstBrokenSeq: null });

    // Tamper with event 4 directly in the database, bypassing the append-only trigger as an attacker with
    // superuser access could.
    const qr = t.runtime.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query('SET LOCAL session_replication_role = replica');
      await qr.query(
        `UPDATE audit_event SET changes = '{"name":{"from":null,"to":"forged"}}' WHERE organisation_id = $1 AND seq = 4`,
        [org.organisationId],
      );
      await qr.commitTransaction();
    } finally {
      await qr.release();
    }
    const broken = await gqlOk(t.http, org.ownerToken, INTEGRITY);
    expect(broken.auditLogIntegrity).toEqual({ valid: false, checkedEvents: 4, firstBrokenSeq: 4 });

    // Other organisations' chains are unaffected.
    const other = await orgWithHistory(1);
    expect((await gqlOk(t.http, other.ownerToken, INTEGRITY)).auditLogIntegrity.valid).toBe(true);
  });

  it('detects a deleted event as a gap in the sequence', async () => {
    const org = await orgWithHistory(3);
    await t.runtime.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query('DELETE FROM audit_event WHERE organisation_id = $1 AND seq = 3', [org.organisationId]);
    });
    const res = await gqlOk(t.http, org.ownerToken, INTEGRITY);
    expect(res.auditLogIntegrity).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('keeps one unforked chain under concurrent mutations in one organisation', async () => {
    const org = await createOrg(t.http);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        gql(t.http, org.ownerToken, CREATE_KEY, { input: { name: `c${i}`, role: 'VIEWER' } }),
      ),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    const rows: { seq: string; prev_hash: string; hash: string }[] = await t.runtime.dataSource.query(
      'SELECT seq, prev_hash, hash FROM audit_event WHERE organisation_id = $1 ORDER BY seq',
      [org.organisationId],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(27);
    expect((await gqlOk(t.http, org.ownerToken, INTEGRITY)).auditLogIntegrity).toEqual({
      valid: true,
      checkedEvents: 27,
      firstBrokenSeq: null,
    });
  });

  it('hashes in SQL what the verifier recomputes, for every kind of value, in batches of organisations at once', async () => {
    const uow = t.app.get(UnitOfWork);
    const ds = t.runtime.dataSource;
    const existing = await createOrg(t.http);
    const fresh: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [{ id }] = await ds.query(`INSERT INTO organisation (name) VALUES ('fresh') RETURNING id`);
      fresh.push(id);
    }
    const orgs = [existing.organisationId, ...fresh];
    const odd = {
      text: 'é ü 漢字 😀 𝄞 \u2028\u2029 back\\slash "quoted" \' \t\n\r \u0001 \u007f',
      long: 'x😀'.repeat(50_000),
      numbers: [0, -1, 1.5, 0.1 + 0.2, 1e21, 1e-7, -0, 123456789012345, Number.MAX_SAFE_INTEGER],
      date: new Date('2026-01-02T03:04:05.678Z'),
      nested: { z: null, a: [true, false, null, {}], ключ: 'значение', '😀': 1, missing: undefined },
      empty: '',
    };
    const actors = orgs.flatMap((organisationId) => [
      { type: 'SYSTEM' as const, organisationId, role: Role.OWNER },
      { type: 'SYSTEM' as const, organisationId, role: Role.OWNER, requestId: 'req-😀' },
    ]);
    // Two batches over the same organisations (two of them without a chain yet) run at once, in
    // opposite orders, with one-statement API mutations in the existing organisation alongside.
    await Promise.all([
      ...[actors, [...actors].reverse()].map((batch) =>
        ds.transaction((m) =>
          uow.withinEach(m, batch, async (work) => {
            for (let i = 0; i < 3; i++)
              work.audit({ action: 'odd.recorded', entityType: 'Odd', entityId: `ö-${i}`, changes: odd });
          }),
        ),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        gqlOk(t.http, existing.ownerToken, CREATE_KEY, { input: { name: `k${i} ☃`, role: 'VIEWER' } }),
      ),
    ]);
    for (const organisationId of orgs) {
      const rows = await ds.query(
        `SELECT seq, action, entity_type, entity_id, actor_type, actor_id, request_id, occurred_at, changes,
                prev_hash, hash FROM audit_event WHERE organisation_id = $1 ORDER BY seq`,
        [organisationId],
      );
      const events = rows.map((r: Record<string, any>) => ({
        organisationId,
        seq: Number(r.seq),
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        actorType: r.actor_type,
        actorId: r.actor_id,
        requestId: r.request_id,
        occurredAt: (r.occurred_at as Date).toISOString(),
        changes: r.changes,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      expect(events.filter((e: { action: string }) => e.action === 'odd.recorded')).toHaveLength(12);
      expect(verifyChainSegment(events, GENESIS_HASH, 1).firstBrokenSeq).toBeNull();
    }
    expect((await gqlOk(t.http, existing.ownerToken, INTEGRITY)).auditLogIntegrity.valid).toBe(true);
  });

  it('gives a period of the log as an unbroken slice of the chain when events took the head out of time order', async () => {
    const uow = t.app.get(UnitOfWork);
    const ds = t.runtime.dataSource;
    const [a, b] = [await createOrg(t.http), await createOrg(t.http)].sort((x, y) =>
      x.organisationId < y.organisationId ? -1 : 1,
    );
    const actor = (organisationId: string) => ({ type: 'SYSTEM' as const, organisationId, role: Role.OWNER });
    const waiting = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n as number;
    // A batch over both organisations takes its time, then queues for a's chain head (held here); b's
    // next event, made after, takes b's head first.
    const blocker = ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT seq FROM audit_chain_head WHERE organisation_id = $1 FOR UPDATE', [
      a.organisationId,
    ]);
    const batch = ds.transaction((m) =>
      uow.withinEach(m, [actor(a.organisationId), actor(b.organisationId)], async (work) => {
        work.audit({ action: 'batch.recorded', entityType: 'Batch' });
      }),
    );
    while ((await waiting()) < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await uow.run(actor(b.organisationId), async (work) => {
      work.audit({ action: 'later.recorded', entityType: 'Later' });
    });
    await blocker.commitTransaction();
    await blocker.release();
    await batch;

    const [batched] = await ds.query(
      `SELECT occurred_at FROM audit_event WHERE organisation_id = $1 AND action = 'batch.recorded'`,
      [b.organisationId],
    );
    // The period up to the batch's time: every event from the first to the batch's is in it.
    const period = await readAuditEventsForPack(
      ds.manager,
      b.organisationId,
      new Date(0),
      batched.occurred_at,
    );
    const events = [];
    for await (const e of period.events()) events.push(e);
    expect(events.map((e) => e.action)).toContain('batch.recorded');
    expect(verifyChainSegment(events, period.start.prevHash, period.start.seq).firstBrokenSeq).toBeNull();
  });

  it('is readable by every role, including time-boxed auditors', async () => {
    const org = await createOrg(t.http);
    const auditor = await addMember(t.http, org, Role.AUDITOR, new Date(Date.now() + 3600_000));
    const viewer = await addMember(t.http, org, Role.VIEWER);
    for (const token of [auditor.token, viewer.token]) {
      expect(errorCode(await gql(t.http, token, INTEGRITY))).toBeUndefined();
      expect((await gqlOk(t.http, token, EVENTS)).auditEvents.totalCount).toBeGreaterThan(0);
    }
    expect(errorCode(await gql(t.http, null, INTEGRITY))).toBe('UNAUTHENTICATED');
  });

  it('commits nothing — no change, no audit event, no outbox event — when a mutation fails', async () => {
    const org = await createOrg(t.http);
    const count = async () =>
      (
        await t.runtime.dataSource.query(
          'SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1',
          [org.organisationId],
        )
      )[0].n;
    const before = await count();
    const res = await gql(
      t.http,
      org.ownerToken,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitationToken } }`,
      {
        input: { email: org.ownerEmail, role: 'VIEWER' },
      },
    );
    expect(errorCode(res)).toBe('CONFLICT');
    expect(await count()).toBe(before);
  });
});
