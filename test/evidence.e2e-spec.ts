import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { LocalEvidenceStorage } from '@aims/evidence';
import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const DAY = 24 * 3600 * 1000;
const MiB = 1024 * 1024;
const URN = {
  context: 'urn:aims:req:iso-iec-42001-2023:4.1',
  policy: 'urn:aims:req:iso-iec-42001-2023:a.2.2',
  controlArea: 'urn:aims:req:iso-iec-42001-2023:a.6',
  govern: 'urn:aims:req:nist-ai-rmf-1.0:govern-1.1',
};

const VERSION =
  'id number sha256 sizeBytes mediaType originalName url uploadedByType uploadedById uploadedAt';
const ITEM = `id title description kind status reviewStatus expired ownerId owner { id } collectedAt validFrom validUntil
  collectionFrequencyDays nextCollectionDueAt versionCount submittedAt acceptedAt
  currentVersion { ${VERSION} } submittedVersion { id } acceptedVersion { id number sha256 }
  versions { id number } reviews { decision comment reviewerId versionId validUntil }
  links { targetType targetId requirement { urn refId } risk { id title } }`;

const Q = {
  create: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { ${ITEM} } } }`,
  update: `mutation($input: UpdateEvidenceInput!) { updateEvidence(input: $input) { evidenceItem { ${ITEM} } } }`,
  upload: `mutation($input: CreateEvidenceUploadInput!) { createEvidenceUpload(input: $input) {
    uploadId uploadUrl method headers { name value } expiresAt maxBytes } }`,
  linkVersion: `mutation($input: AddEvidenceLinkVersionInput!) { addEvidenceLinkVersion(input: $input) {
    evidenceItem { ${ITEM} } version { ${VERSION} } } }`,
  submit: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { ${ITEM} } } }`,
  review: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) {
    evidenceItem { ${ITEM} } review { id decision comment reviewerId versionId reviewedAt } } }`,
  link: `mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { added evidenceItem { ${ITEM} } } }`,
  unlink: `mutation($input: UnlinkEvidenceInput!) { unlinkEvidence(input: $input) { removed evidenceItem { ${ITEM} } } }`,
  download: `mutation($input: CreateEvidenceDownloadInput!) { createEvidenceDownload(input: $input) {
    downloadUrl expiresAt version { ${VERSION} } } }`,
  item: `query($id: ID!) { evidenceItem(id: $id) { ${ITEM} } }`,
  list: `query($filter: EvidenceFilter, $first: Int, $after: String) { evidenceItems(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id title status } } } }`,
  versions: `query($evidenceItemId: ID!, $first: Int, $after: String) { evidenceVersions(evidenceItemId: $evidenceItemId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id number sha256 } } } }`,
  createRisk: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id title } } }`,
  createKey: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

interface Download {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  json: () => any;
}

describe('evidence', () => {
  let t: TestApp;
  let storageDir: string;
  let storage: LocalEvidenceStorage;
  let org: TestOrg;
  let other: TestOrg;
  let tokens: Record<Role, string>;
  let officer: string;
  let officerId: string;
  let reviewer: string;
  let reviewerId: string;
  const clock = new ManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

  const sql = async (query: string, params: unknown[] = []) =>
    (await t.runtime.dataSource.query(query, params)) as any[];
  const footprint = async (organisationId = org.organisationId) =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM evidence_item WHERE organisation_id = $1)::int AS items,
                (SELECT count(*) FROM evidence_version WHERE organisation_id = $1)::int AS versions,
                (SELECT count(*) FROM evidence_link WHERE organisation_id = $1)::int AS links,
                (SELECT count(*) FROM evidence_review WHERE organisation_id = $1)::int AS reviews,
                (SELECT count(*) FROM evidence_upload WHERE organisation_id = $1)::int AS uploads,
                (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events,
                (SELECT coalesce(max(updated_at), 'epoch') FROM evidence_item WHERE organisation_id = $1) AS touched`,
        [organisationId],
      )
    )[0];
  const eventsOf = async (evidenceItemId: string) =>
    (
      await sql(
        "SELECT type, payload FROM outbox_event WHERE type LIKE 'evidence.%' AND payload->>'evidenceItemId' = $1 ORDER BY created_at, id",
        [evidenceItemId],
      )
    ).map((r) => ({ type: r.type as string, payload: r.payload }));
  const auditActions = async (entityId: string) =>
    (await sql('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq', [entityId])).map(
      (r) => r.action as string,
    );

  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const attempt = (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    gql<any>(t.http, token, Q[name], { input });
  const item = async (id: string, token = officer) =>
    (await gqlOk<any>(t.http, token, Q.item, { id })).evidenceItem;
  const createEvidence = async (input: Record<string, unknown> = {}, token = officer) =>
    (await run('create', { title: 'Evidence', kind: 'DOCUMENT', ...input }, token)).evidenceItem;

  const put = (url: string, body: Buffer, contentType = 'application/octet-stream') =>
    request(t.http).put(pathOf(url)).set('content-type', contentType).send(body);
  const uploadUrl = async (evidenceItemId: string, input: Record<string, unknown> = {}, token = officer) =>
    (
      await run(
        'upload',
        { evidenceItemId, fileName: 'policy.pdf', mediaType: 'application/pdf', ...input },
        token,
      )
    ).uploadUrl as string;
  /** Uploads `body` as a new version and returns the JSON answer. */
  const uploadFile = async (
    evidenceItemId: string,
    body: Buffer,
    input: Record<string, unknown> = {},
    token = officer,
  ) => {
    const res = await put(await uploadUrl(evidenceItemId, input, token), body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const download = async (url: string): Promise<Download> => {
    const res = await request(t.http)
      .get(pathOf(url))
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const body = res.body as Buffer;
    return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
  };
  const downloadUrl = async (evidenceItemId: string, versionId?: string, token = officer) =>
    (await run('download', { evidenceItemId, ...(versionId ? { versionId } : {}) }, token))
      .downloadUrl as string;
  /** Evidence with one uploaded version, submitted and accepted by the second officer. */
  const accepted = async (input: Record<string, unknown> = {}, body = randomBytes(64)) => {
    const created = await createEvidence(input);
    await uploadFile(created.id, body);
    await run('submit', { evidenceItemId: created.id });
    return (await run('review', { evidenceItemId: created.id, decision: 'ACCEPT' }, reviewer)).evidenceItem;
  };
  const sha256sum = (file: string) =>
    spawnSync('sha256sum', [file], { encoding: 'utf8' }).stdout.split(' ')[0];
  const stagedFiles = async () => readdir(path.join(storageDir, 'tmp'));

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-evidence-e2e-'));
    t = await startTestApp({ clock, env: { EVIDENCE_STORAGE_DIR: storageDir } });
    // Listening for real: the large upload streams over a socket, not through supertest.
    await t.app.listen(0, '127.0.0.1');
    storage = new LocalEvidenceStorage(storageDir);
    org = await createOrg(t.http, 'Evidence Org');
    other = await createOrg(t.http, 'Other Org');
    tokens = await tokensByRole(t.http, org);
    const first = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
    const second = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
    officer = first.token;
    officerId = first.userId;
    reviewer = second.token;
    reviewerId = second.userId;
  });
  afterAll(async () => {
    await t.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('streams a file to storage through a signed URL; the version records what the server computed', async () => {
      const created = await createEvidence({ title: 'AI policy', ownerId: reviewerId });
      expect(created).toMatchObject({
        status: 'DRAFT',
        versionCount: 0,
        currentVersion: null,
        ownerId: reviewerId,
      });
      const grant = await run('upload', {
        evidenceItemId: created.id,
        fileName: 'Politique IA – v2.pdf',
        mediaType: 'Application/PDF',
        sizeBytes: 5000,
      });
      expect(grant).toMatchObject({
        method: 'PUT',
        headers: [{ name: 'Content-Type', value: 'application/octet-stream' }],
        maxBytes: 100 * MiB,
        expiresAt: new Date(clock.now().getTime() + 300_000).toISOString(),
      });
      expect(grant.uploadUrl).toMatch(/^http:\/\/localhost:\d+\/evidence\/uploads\/[\w-]+\.[\w-]+$/);

      const body = randomBytes(5000);
      const res = await put(grant.uploadUrl, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        evidenceItemId: created.id,
        status: 'DRAFT',
        version: { number: 1, sha256: sha256(body), sizeBytes: 5000, mediaType: 'application/pdf' },
      });

      const after = await item(created.id);
      expect(after).toMatchObject({
        versionCount: 1,
        status: 'DRAFT',
        currentVersion: {
          number: 1,
          sha256: sha256(body),
          sizeBytes: 5000,
          mediaType: 'application/pdf',
          originalName: 'Politique IA – v2.pdf',
          url: null,
          uploadedByType: 'USER',
          uploadedById: officerId,
          uploadedAt: clock.now().toISOString(),
        },
      });
      // The stored object is addressed by its hash, and sha256sum agrees with the server.
      const stored = storage.objectPath(sha256(body));
      expect(stored).toBe(
        path.join(storageDir, 'sha256', sha256(body).slice(0, 2), sha256(body).slice(2, 4), sha256(body)),
      );
      expect(sha256sum(stored)).toBe(after.currentVersion.sha256);
      expect(await stagedFiles()).toEqual([]);
      expect(await auditActions(created.id)).toEqual([
        'evidence.created',
        'evidence.upload_issued',
        'evidence.version_added',
      ]);
    });

    it('keeps memory flat for a 60 MiB upload streamed in random chunks, and its hash equals sha256sum', async () => {
      const created = await createEvidence({ title: 'Training data sheet' });
      const grant = await run('upload', {
        evidenceItemId: created.id,
        fileName: 'data.bin',
        mediaType: 'application/octet-stream',
      });
      const total = 60 * MiB;
      const chunk = 64 * 1024;
      // Random bytes, sent as slices of one pool at shifting offsets: the client itself allocates nothing
      // per chunk, so the memory measured is the server's.
      const pool = randomBytes(4 * MiB);
      const sent = createHash('sha256');
      let produced = 0;
      const body = new Readable({
        read() {
          if (produced >= total) return this.push(null);
          const size = Math.min(chunk, total - produced);
          const offset = (produced * 7919) % (pool.length - chunk);
          const bytes = pool.subarray(offset, offset + size);
          produced += size;
          sent.update(bytes);
          this.push(bytes);
        },
      });
      // Young garbage (each socket read is a fresh 64 KiB buffer) is collected at every sample, so RSS
      // shows what the process keeps, not how lazily V8 frees external memory.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;
      gc({ type: 'major' });
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        gc({ type: 'minor' });
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: pathOf(grant.uploadUrl),
            headers: { 'content-type': 'application/octet-stream', 'content-length': total },
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString()) }),
            );
          },
        );
        req.on('error', reject);
        body.pipe(req);
      });
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);

      expect(answer.status).toBe(201);
      expect(produced).toBe(total);
      const expected = sent.digest('hex');
      expect(answer.body.version).toMatchObject({ sha256: expected, sizeBytes: total });
      expect(sha256sum(storage.objectPath(expected))).toBe(expected);
      // Memory is a size bound: a buffered body would add at least its own 60 MiB.
      expect(peak - before).toBeLessThan(30 * MiB);
    });

    it('answers 413 past the limit and records nothing (a second app with a 1 KiB limit)', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'aims-evidence-small-'));
      const small = await startTestApp({ env: { EVIDENCE_STORAGE_DIR: dir, EVIDENCE_MAX_BYTES: '1024' } });
      try {
        const owner = await createOrg(small.http, 'Small');
        const created = (
          await gqlOk<any>(small.http, owner.ownerToken, Q.create, {
            input: { title: 'Big', kind: 'DOCUMENT' },
          })
        ).createEvidence.evidenceItem;
        const grant = async () =>
          (
            await gqlOk<any>(small.http, owner.ownerToken, Q.upload, {
              input: {
                evidenceItemId: created.id,
                fileName: 'big.bin',
                mediaType: 'application/octet-stream',
              },
            })
          ).createEvidenceUpload;
        expect((await grant()).maxBytes).toBe(1024);
        const declared = await gql<any>(small.http, owner.ownerToken, Q.upload, {
          input: {
            evidenceItemId: created.id,
            fileName: 'big.bin',
            mediaType: 'application/pdf',
            sizeBytes: 1025,
          },
        });
        expect(errorCode(declared)).toBe('BAD_USER_INPUT');
        expect(badFields(declared)).toEqual(['input.sizeBytes']);

        // Declared length above the limit: refused before reading.
        const byLength = await request(small.http)
          .put(pathOf((await grant()).uploadUrl))
          .set('content-type', 'application/octet-stream')
          .send(Buffer.alloc(1025));
        expect(byLength.status).toBe(413);
        expect(byLength.body).toMatchObject({ statusCode: 413, code: 'EVIDENCE_TOO_LARGE' });

        // No declared length (chunked): counted while streaming, refused at the 1025th byte.
        const chunked = await new Promise<number>((resolve, reject) => {
          small.app.getHttpServer().listen(0, '127.0.0.1', async () => {
            const { port } = small.app.getHttpServer().address() as AddressInfo;
            const req = httpRequest(
              { host: '127.0.0.1', port, method: 'PUT', path: pathOf((await grant()).uploadUrl) },
              (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
              },
            );
            req.on('error', reject);
            Readable.from([Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)]).pipe(req);
          });
        });
        expect(chunked).toBe(413);

        // Exactly the limit is fine.
        const atLimit = await request(small.http)
          .put(pathOf((await grant()).uploadUrl))
          .set('content-type', 'application/octet-stream')
          .send(Buffer.alloc(1024, 1));
        expect(atLimit.status).toBe(201);
        const versions = await small.runtime.dataSource.query(
          'SELECT size_bytes FROM evidence_version WHERE evidence_item_id = $1',
          [created.id],
        );
        expect(versions).toEqual([{ size_bytes: '1024' }]);
        expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
      } finally {
        await small.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses forged, reused, expired and wrong-purpose upload URLs, and empty bodies', async () => {
      const created = await createEvidence({ title: 'Tokens' });
      const url = await uploadUrl(created.id);
      const [base, signature] = url.split('.');
      const flipped = `${base}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      const forged = await put(flipped, Buffer.from('x'));
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('UPLOAD_URL_INVALID');
      expect((await put(`${url.split('/uploads/')[0]}/uploads/not-a-token`, Buffer.from('x'))).status).toBe(
        403,
      );

      expect((await put(url, Buffer.from('first'))).status).toBe(201);
      const reused = await put(url, Buffer.from('second'));
      expect(reused.status).toBe(409);
      expect(reused.body.code).toBe('UPLOAD_URL_USED');

      const late = await uploadUrl(created.id);
      clock.advance(301_000);
      try {
        const expired = await put(late, Buffer.from('late'));
        expect(expired.status).toBe(410);
        expect(expired.body.code).toBe('UPLOAD_URL_EXPIRED');
      } finally {
        clock.advance(-301_000);
      }

      const downloadToken = (await downloadUrl(created.id)).split('/downloads/')[1];
      const wrongPurpose = await put(
        `${url.split('/uploads/')[0]}/uploads/${downloadToken}`,
        Buffer.from('x'),
      );
      expect(wrongPurpose.status).toBe(403);

      const empty = await put(await uploadUrl(created.id), Buffer.alloc(0));
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('EVIDENCE_EMPTY');

      expect((await item(created.id)).versionCount).toBe(1);

      // A JSON file is evidence like any other: stored byte for byte, not parsed by the API.
      const jsonFile = Buffer.from('{ "a": 1 }\n');
      const json = await request(t.http)
        .put(pathOf(await uploadUrl(created.id)))
        .set('content-type', 'application/json')
        .send(jsonFile.toString('utf8')); // a string: superagent would re-encode a Buffer as JSON
      expect(json.status).toBe(201);
      expect(json.body.version.sha256).toBe(createHash('sha256').update(jsonFile).digest('hex'));
      expect((await item(created.id)).versionCount).toBe(2);
      expect(await stagedFiles()).toEqual([]);
    });
    it('refuses signed URLs once the member they were issued to is removed, or the API key revoked', async () => {
      const temp = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
      const created = await createEvidence({ title: 'Issued to a leaver' }, temp.token);
      const url = await uploadUrl(created.id, {}, temp.token);
      await gqlOk(
        t.http,
        org.ownerToken,
        'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMembershipId } }',
        {
          input: { membershipId: temp.membershipId },
        },
      );
      const res = await put(url, Buffer.from('late upload'));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('URL_HOLDER_REVOKED');
      expect((await item(created.id)).versionCount).toBe(0);

      const key = (
        await gqlOk<any>(
          t.http,
          org.ownerToken,
          'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }',
          {
            input: { name: 'uploader', role: 'COMPLIANCE_OFFICER' },
          },
        )
      ).createApiKey;
      const keyed = await createEvidence({ title: 'Issued to a key' }, key.secret);
      const keyUrl = await uploadUrl(keyed.id, {}, key.secret);
      await gqlOk(
        t.http,
        org.ownerToken,
        'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }',
        {
          input: { id: key.apiKey.id },
        },
      );
      expect((await put(keyUrl, Buffer.from('late upload'))).status).toBe(403);
    });
  });

  describe('download', () => {
    it('serves the stored bytes through a short-lived signed URL, with their hash', async () => {
      const body = Buffer.from('Statement of Applicability, signed off by the board.\n');
      const created = await createEvidence({ title: 'SoA sign-off' });
      await uploadFile(created.id, body, { fileName: 'SoA sign-off "final".txt', mediaType: 'text/plain' });
      for (const role of Object.values(Role)) {
        const grant = await run('download', { evidenceItemId: created.id }, tokens[role]);
        expect(grant.version).toMatchObject({ number: 1, sha256: sha256(body) });
        const res = await download(grant.downloadUrl);
        expect(res.status).toBe(200);
        expect(sha256(res.body)).toBe(sha256(body));
        expect(res.headers).toMatchObject({
          'content-type': 'text/plain',
          'content-length': String(body.length),
          'x-content-sha256': sha256(body),
          'repr-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
          'content-disposition': `attachment; filename="SoA sign-off _final_.txt"; filename*=UTF-8''${encodeURIComponent('SoA sign-off "final".txt')}`,
        });
      }
      expect((await auditActions(created.id)).filter((a) => a === 'evidence.download_issued')).toHaveLength(
        5,
      );

      const url = await downloadUrl(created.id);
      clock.advance(301_000);
      try {
        const expired = await download(url);
        expect(expired.status).toBe(410);
        expect(expired.json().code).toBe('DOWNLOAD_URL_EXPIRED');
      } finally {
        clock.advance(-301_000);
      }
      const uploadToken = (await uploadUrl(created.id)).split('/uploads/')[1];
      expect((await download(`${url.split('/downloads/')[0]}/downloads/${uploadToken}`)).status).toBe(403);
    });

    it('detects a tampered stored object: 409 EVIDENCE_CORRUPTED, audited, nothing served', async () => {
      const body = Buffer.from('Impact assessment for the credit-scoring model, approved 2026-02-10.');
      const created = await createEvidence({ title: 'Impact assessment' });
      await uploadFile(created.id, body);
      const file = storage.objectPath(sha256(body));
      expect((await download(await downloadUrl(created.id))).status).toBe(200);

      // Same size, one changed character: only the hash can tell.
      await chmod(file, 0o640);
      await writeFile(file, body.toString().replace('approved', 'APPROVED'));
      const res = await download(await downloadUrl(created.id));
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json()).toMatchObject({ statusCode: 409, code: 'EVIDENCE_CORRUPTED' });
      expect(res.body.includes(Buffer.from('APPROVED'))).toBe(false);

      const version = (await item(created.id)).currentVersion;
      const audit = await sql(
        "SELECT actor_id, changes FROM audit_event WHERE action = 'evidence.corruption_detected' AND entity_id = $1",
        [version.id],
      );
      expect(audit).toEqual([
        {
          actor_id: officerId,
          changes: {
            evidenceItemId: created.id,
            expected: { sha256: sha256(body), sizeBytes: body.length },
            actual: {
              sha256: sha256(body.toString().replace('approved', 'APPROVED')),
              sizeBytes: body.length,
            },
          },
        },
      ]);

      // A missing object is corruption too.
      await unlink(file);
      const missing = await download(await downloadUrl(created.id));
      expect(missing.status).toBe(409);
      expect(missing.json().code).toBe('EVIDENCE_CORRUPTED');

      // Uploading the true content again repairs the store.
      await uploadFile(created.id, body);
      const repaired = await download(await downloadUrl(created.id, version.id));
      expect(repaired.status).toBe(200);
      expect(repaired.body.equals(body)).toBe(true);
    });
  });

  describe('review', () => {
    it('submits, rejects with a comment, then accepts a new version; the uploader cannot review', async () => {
      const created = await createEvidence({ title: 'Model card' });
      const noVersion = await attempt('submit', { evidenceItemId: created.id });
      expect(errorCode(noVersion)).toBe('CONFLICT');

      const first = await uploadFile(created.id, Buffer.from('model card v1'));
      const submitted = (await run('submit', { evidenceItemId: created.id })).evidenceItem;
      expect(submitted).toMatchObject({
        status: 'SUBMITTED',
        submittedVersion: { id: first.version.id },
        submittedAt: clock.now().toISOString(),
      });
      expect(errorCode(await attempt('submit', { evidenceItemId: created.id }))).toBe('CONFLICT');
      // Under review: no new version until the decision.
      expect(
        errorCode(
          await attempt('upload', { evidenceItemId: created.id, fileName: 'x', mediaType: 'text/plain' }),
        ),
      ).toBe('CONFLICT');

      const own = await attempt('review', { evidenceItemId: created.id, decision: 'ACCEPT' });
      expect(errorCode(own)).toBe('FORBIDDEN');
      const noComment = await attempt('review', { evidenceItemId: created.id, decision: 'REJECT' }, reviewer);
      expect(errorCode(noComment)).toBe('BAD_USER_INPUT');
      expect(badFields(noComment)).toEqual(['input.comment']);

      const rejected = await run(
        'review',
        {
          evidenceItemId: created.id,
          decision: 'REJECT',
          comment: 'Missing the evaluation section',
          versionId: first.version.id,
        },
        reviewer,
      );
      expect(rejected.evidenceItem).toMatchObject({ status: 'REJECTED', acceptedVersion: null });
      expect(rejected.review).toMatchObject({
        decision: 'REJECT',
        comment: 'Missing the evaluation section',
        reviewerId,
        versionId: first.version.id,
      });
      expect(
        errorCode(await attempt('review', { evidenceItemId: created.id, decision: 'ACCEPT' }, reviewer)),
      ).toBe('CONFLICT');

      // The reviewer uploads the next version: now the first officer reviews it.
      const second = await uploadFile(created.id, Buffer.from('model card v2'), {}, reviewer);
      await run('submit', { evidenceItemId: created.id });
      const stale = await attempt('review', {
        evidenceItemId: created.id,
        decision: 'ACCEPT',
        versionId: first.version.id,
      });
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(
        errorCode(await attempt('review', { evidenceItemId: created.id, decision: 'ACCEPT' }, reviewer)),
      ).toBe('FORBIDDEN');
      const acceptedItem = (await run('review', { evidenceItemId: created.id, decision: 'ACCEPT' }))
        .evidenceItem;
      expect(acceptedItem).toMatchObject({
        status: 'ACCEPTED',
        reviewStatus: 'ACCEPTED',
        acceptedVersion: { id: second.version.id, number: 2 },
        acceptedAt: clock.now().toISOString(),
        reviews: [
          { decision: 'ACCEPT', reviewerId: officerId, versionId: second.version.id },
          { decision: 'REJECT', reviewerId, versionId: first.version.id },
        ],
      });
      expect((await eventsOf(created.id)).map((e) => e.type)).toEqual([
        'evidence.submitted',
        'evidence.rejected',
        'evidence.submitted',
        'evidence.accepted',
      ]);
      expect((await eventsOf(created.id))[3].payload).toMatchObject({
        evidenceItemId: created.id,
        versionId: second.version.id,
        sha256: sha256('model card v2'),
      });

      // Accepted versions are never modified or deleted, not even by SQL.
      await expect(
        sql('UPDATE evidence_version SET original_name = $2 WHERE id = $1', [second.version.id, 'x']),
      ).rejects.toThrow(/append-only/);
      await expect(sql('DELETE FROM evidence_version WHERE id = $1', [second.version.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(
        sql('DELETE FROM evidence_review WHERE evidence_item_id = $1', [created.id]),
      ).rejects.toThrow(/append-only/);

      // A new version puts the evidence back to DRAFT; the accepted one stays as it was, and downloadable.
      const third = await uploadFile(created.id, Buffer.from('model card v3'));
      const drafted = await item(created.id);
      expect(drafted).toMatchObject({
        status: 'DRAFT',
        versionCount: 3,
        currentVersion: { id: third.version.id },
        acceptedVersion: { id: second.version.id, sha256: sha256('model card v2') },
        versions: [{ number: 3 }, { number: 2 }, { number: 1 }],
      });
      const old = await download(await downloadUrl(created.id, second.version.id));
      expect(old.body.toString()).toBe('model card v2');
    });

    it('fixes the validity of submitted and accepted evidence: new dates come with a new version', async () => {
      const item1 = await accepted({ validUntil: at(30) });
      const change = await attempt('update', { evidenceItemId: item1.id, validUntil: at(60) });
      expect(errorCode(change)).toBe('CONFLICT');
      const renamed = (await run('update', { evidenceItemId: item1.id, title: 'Renamed' })).evidenceItem;
      expect(renamed).toMatchObject({ title: 'Renamed', status: 'ACCEPTED' });

      await uploadFile(item1.id, Buffer.from('renewed'), { validFrom: at(0), validUntil: at(400) });
      expect(await item(item1.id)).toMatchObject({ status: 'DRAFT', validFrom: at(0), validUntil: at(400) });
    });
  });

  describe('freshness', () => {
    let apiKey: string;
    beforeAll(async () => {
      apiKey = (await run('createKey', { name: 'time travel', role: 'COMPLIANCE_OFFICER' }, org.ownerToken))
        .secret;
    });

    it('reports EXPIRED past validUntil everywhere, before any sweep, and the filters agree', async () => {
      const fresh = await accepted({
        title: 'Penetration test report',
        collectedAt: at(-1),
        validUntil: at(10),
        collectionFrequencyDays: 90,
      });
      expect(fresh).toMatchObject({ status: 'ACCEPTED', expired: false, nextCollectionDueAt: at(89) });
      const stale = await createEvidence({
        title: 'Last year audit report',
        validFrom: at(-400),
        validUntil: at(-35),
      });
      expect(stale).toMatchObject({ status: 'EXPIRED', reviewStatus: 'DRAFT', expired: true });

      const ids = async (filter: Record<string, unknown>, token: string) =>
        (await gqlOk<any>(t.http, token, Q.list, { filter, first: 100 })).evidenceItems.edges.map(
          (e: any) => e.node.id,
        );
      expect(await ids({ status: ['ACCEPTED'] }, officer)).toContain(fresh.id);
      expect(await ids({ status: ['EXPIRED'] }, officer)).toEqual(expect.arrayContaining([stale.id]));
      expect(await ids({ status: ['EXPIRED'] }, officer)).not.toContain(fresh.id);
      expect(await ids({ expiringBefore: at(11) }, officer)).toEqual(
        expect.arrayContaining([fresh.id, stale.id]),
      );
      expect(await ids({ expiringBefore: at(9) }, officer)).not.toContain(fresh.id);

      clock.advance(11 * DAY);
      try {
        const later = (await gqlOk<any>(t.http, apiKey, Q.item, { id: fresh.id })).evidenceItem;
        expect(later).toMatchObject({ status: 'EXPIRED', reviewStatus: 'ACCEPTED', expired: true });
        expect(await ids({ status: ['ACCEPTED'] }, apiKey)).not.toContain(fresh.id);
        expect(await ids({ status: ['EXPIRED'] }, apiKey)).toContain(fresh.id);
        expect(await ids({ status: ['ACCEPTED', 'EXPIRED'] }, apiKey)).toContain(fresh.id);
      } finally {
        clock.advance(-11 * DAY);
      }
      expect((await item(fresh.id)).status).toBe('ACCEPTED');
    });
  });

  describe('links', () => {
    it('links evidence to requirements and risks, filters by them, and unlinks', async () => {
      const risk = (await run('createRisk', { title: 'Model drift' })).risk;
      const created = await createEvidence({
        title: 'Drift monitoring dashboard',
        links: { requirementUrns: [URN.context] },
      });
      expect(created.links).toEqual([
        {
          targetType: 'REQUIREMENT',
          targetId: URN.context,
          requirement: { urn: URN.context, refId: '4.1' },
          risk: null,
        },
      ]);
      const linked = await run('link', {
        evidenceItemId: created.id,
        requirementUrns: [URN.context, URN.policy, URN.govern],
        riskIds: [risk.id, risk.id],
      });
      expect(linked.added).toBe(3);
      expect(
        linked.evidenceItem.links.map((l: any) => [l.targetType, l.requirement?.refId ?? l.risk?.title]),
      ).toEqual([
        ['REQUIREMENT', '4.1'],
        ['REQUIREMENT', 'A.2.2'],
        ['REQUIREMENT', 'GOVERN 1.1'],
        ['RISK', 'Model drift'],
      ]);
      expect((await run('link', { evidenceItemId: created.id, riskIds: [risk.id] })).added).toBe(0);

      const ids = async (filter: Record<string, unknown>) =>
        (await gqlOk<any>(t.http, officer, Q.list, { filter })).evidenceItems.edges.map(
          (e: any) => e.node.id,
        );
      expect(await ids({ requirementUrn: URN.policy })).toEqual([created.id]);
      expect(await ids({ riskId: risk.id })).toEqual([created.id]);
      expect(await ids({ riskId: risk.id, kind: ['LINK'] })).toEqual([]);

      const unlinked = await run('unlink', {
        evidenceItemId: created.id,
        requirementUrns: [URN.policy, URN.controlArea],
      });
      expect(unlinked.removed).toBe(1);
      expect(await ids({ requirementUrn: URN.policy })).toEqual([]);
      expect(await auditActions(created.id)).toEqual([
        'evidence.created',
        'evidence.linked',
        'evidence.unlinked',
      ]);
    });

    it('refuses unknown or non-assessable requirements, and foreign or missing risks as NOT_FOUND', async () => {
      const created = await createEvidence({ title: 'Links' });
      const before = await footprint();
      const unknown = await attempt('link', {
        evidenceItemId: created.id,
        requirementUrns: ['urn:aims:req:nowhere:1', URN.controlArea],
      });
      expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
      expect(badFields(unknown)).toEqual(['input.requirementUrns']);
      expect(unknown.errors?.[0].extensions?.fields?.[0].message).toMatch(
        /unknown.*nowhere.*not assessable.*a\.6/,
      );

      const foreignRisk = (await run('createRisk', { title: 'Theirs' }, other.ownerToken)).risk;
      await expectForeignIdBehavesAsMissing(
        (id) => attempt('link', { evidenceItemId: created.id, riskIds: [id] }),
        foreignRisk.id,
      );
      expect(await footprint()).toEqual(before);
    });
  });

  describe('LINK evidence', () => {
    it('records a URL and the hash the client computed; files are for other kinds', async () => {
      const hash = sha256('published policy page');
      const created = await createEvidence({
        title: 'Public AI policy page',
        kind: 'LINK',
        url: 'https://example.com/ai-policy',
        sha256: hash.toUpperCase(),
      });
      expect(created).toMatchObject({
        versionCount: 1,
        currentVersion: { number: 1, url: 'https://example.com/ai-policy', sha256: hash, sizeBytes: null },
      });
      const next = await run('linkVersion', {
        evidenceItemId: created.id,
        url: 'https://example.com/ai-policy/v2',
      });
      expect(next.version).toMatchObject({
        number: 2,
        sha256: null,
        url: 'https://example.com/ai-policy/v2',
      });

      const upload = await attempt('upload', {
        evidenceItemId: created.id,
        fileName: 'a.pdf',
        mediaType: 'application/pdf',
      });
      expect(badFields(upload)).toEqual(['input.evidenceItemId']);
      const fetch = await attempt('download', { evidenceItemId: created.id });
      expect(badFields(fetch)).toEqual(['input.evidenceItemId']);
      const document = await createEvidence();
      const linkOnDocument = await attempt('linkVersion', {
        evidenceItemId: document.id,
        url: 'https://example.com',
      });
      expect(badFields(linkOnDocument)).toEqual(['input.evidenceItemId']);
    });
  });

  describe('lists', () => {
    it('pages evidence and versions with keyset cursors', async () => {
      const fresh = await createOrg(t.http, 'Pages');
      for (const title of ['one', 'two', 'three']) {
        await gqlOk(t.http, fresh.ownerToken, Q.create, { input: { title, kind: 'RECORD' } });
      }
      const first = (await gqlOk<any>(t.http, fresh.ownerToken, Q.list, { first: 2 })).evidenceItems;
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (
        await gqlOk<any>(t.http, fresh.ownerToken, Q.list, { first: 2, after: first.pageInfo.endCursor })
      ).evidenceItems;
      expect([...first.edges, ...second.edges].map((e: any) => e.node.title).sort()).toEqual([
        'one',
        'three',
        'two',
      ]);
      expect(second.pageInfo.hasNextPage).toBe(false);

      const created = await createEvidence({ title: 'Versions' });
      for (const n of [1, 2, 3]) await uploadFile(created.id, Buffer.from(`v${n}`));
      const page = (await gqlOk<any>(t.http, officer, Q.versions, { evidenceItemId: created.id, first: 2 }))
        .evidenceVersions;
      expect(page.edges.map((e: any) => e.node.number)).toEqual([3, 2]);
      const rest = (
        await gqlOk<any>(t.http, officer, Q.versions, {
          evidenceItemId: created.id,
          first: 2,
          after: page.pageInfo.endCursor,
        })
      ).evidenceVersions;
      expect(rest.edges.map((e: any) => e.node.sha256)).toEqual([sha256('v1')]);
    });
  });

  describe('roles', () => {
    it('lets every role read and download; only OWNER, ADMIN and COMPLIANCE_OFFICER write', async () => {
      const target = await accepted({ title: 'Role matrix' });
      const writers = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];
      for (const role of Object.values(Role)) {
        const token = tokens[role];
        expect((await gqlOk<any>(t.http, token, Q.item, { id: target.id })).evidenceItem.id).toBe(target.id);
        expect((await gqlOk<any>(t.http, token, Q.list, {})).evidenceItems.totalCount).toBeGreaterThan(0);
        expect(
          (await gqlOk<any>(t.http, token, Q.versions, { evidenceItemId: target.id })).evidenceVersions
            .totalCount,
        ).toBe(1);
        expect((await run('download', { evidenceItemId: target.id }, token)).downloadUrl).toBeTruthy();

        const writes = {
          create: await attempt('create', { title: `by ${role}`, kind: 'ATTESTATION' }, token),
          update: await attempt('update', { evidenceItemId: target.id, description: `by ${role}` }, token),
          upload: await attempt(
            'upload',
            { evidenceItemId: target.id, fileName: 'f', mediaType: 'text/plain' },
            token,
          ),
          link: await attempt('link', { evidenceItemId: target.id, requirementUrns: [URN.context] }, token),
          unlink: await attempt(
            'unlink',
            { evidenceItemId: target.id, requirementUrns: [URN.context] },
            token,
          ),
          submit: await attempt('submit', { evidenceItemId: target.id }, token),
          review: await attempt('review', { evidenceItemId: target.id, decision: 'ACCEPT' }, token),
          linkVersion: await attempt(
            'linkVersion',
            { evidenceItemId: target.id, url: 'https://example.com' },
            token,
          ),
        };
        for (const [name, res] of Object.entries(writes)) {
          const code = errorCode(res);
          if (writers.includes(role)) {
            // Allowed through the guard; submit, review and linkVersion then meet the evidence's own rules.
            expect([name, code]).toEqual([
              name,
              ['submit', 'review'].includes(name)
                ? 'CONFLICT'
                : name === 'linkVersion'
                  ? 'BAD_USER_INPUT'
                  : undefined,
            ]);
          } else {
            expect([name, code]).toEqual([name, 'FORBIDDEN']);
          }
        }
      }
    });
  });

  describe('tenancy', () => {
    it('treats another organisation’s evidence and versions exactly like missing ones', async () => {
      const theirs = (
        await gqlOk<any>(t.http, other.ownerToken, Q.create, { input: { title: 'Theirs', kind: 'DOCUMENT' } })
      ).createEvidence.evidenceItem;
      const theirUpload = (
        await gqlOk<any>(t.http, other.ownerToken, Q.upload, {
          input: { evidenceItemId: theirs.id, fileName: 'x.txt', mediaType: 'text/plain' },
        })
      ).createEvidenceUpload;
      const uploaded = await put(theirUpload.uploadUrl, Buffer.from('their secret'));
      const theirVersion = uploaded.body.version.id as string;
      const mine = await createEvidence({ title: 'Mine' });
      await uploadFile(mine.id, Buffer.from('mine'));

      const as = (query: string, variables: Record<string, unknown>) =>
        gql<any>(t.http, officer, query, variables);
      const input =
        (name: keyof typeof Q, extra: Record<string, unknown> = {}) =>
        (id: string) =>
          as(Q[name], { input: { evidenceItemId: id, ...extra } });
      const cases: [string, (id: string) => Promise<any>, string][] = [
        ['evidenceItem', (id) => as(Q.item, { id }), theirs.id],
        ['evidenceVersions', (id) => as(Q.versions, { evidenceItemId: id }), theirs.id],
        ['updateEvidence', input('update', { title: 'x' }), theirs.id],
        ['createEvidenceUpload', input('upload', { fileName: 'f', mediaType: 'text/plain' }), theirs.id],
        ['addEvidenceLinkVersion', input('linkVersion', { url: 'https://example.com' }), theirs.id],
        ['submitEvidence', input('submit'), theirs.id],
        ['reviewEvidence', input('review', { decision: 'ACCEPT' }), theirs.id],
        ['linkEvidence', input('link', { requirementUrns: [URN.context] }), theirs.id],
        ['unlinkEvidence', input('unlink', { requirementUrns: [URN.context] }), theirs.id],
        ['createEvidenceDownload', input('download'), theirs.id],
        [
          'createEvidenceDownload(versionId)',
          (id) => as(Q.download, { input: { evidenceItemId: mine.id, versionId: id } }),
          theirVersion,
        ],
      ];
      for (const [, runCase, foreignId] of cases) await expectForeignIdBehavesAsMissing(runCase, foreignId);
      expect(
        (await gqlOk<any>(t.http, officer, Q.list, { first: 100 })).evidenceItems.edges.map(
          (e: any) => e.node.id,
        ),
      ).not.toContain(theirs.id);
    });
  });

  describe('bad input', () => {
    it.each([
      ['create', { title: ' ', kind: 'DOCUMENT' }, ['input.title']],
      ['create', { title: 'x', kind: 'PAPER' }, null],
      ['create', { title: 'x', kind: 'LINK' }, ['input.url']],
      ['create', { title: 'x', kind: 'LINK', url: 'ftp://example.com/x' }, ['input.url']],
      [
        'create',
        { title: 'x', kind: 'DOCUMENT', url: 'https://example.com', sha256: 'a'.repeat(64) },
        ['input.sha256', 'input.url'],
      ],
      ['create', { title: 'x', kind: 'LINK', url: 'https://example.com', sha256: 'abc' }, ['input.sha256']],
      [
        'create',
        {
          title: 'x',
          kind: 'DOCUMENT',
          validFrom: '2026-05-01T00:00:00Z',
          validUntil: '2026-04-01T00:00:00Z',
        },
        ['input.validUntil'],
      ],
      [
        'create',
        { title: 'x', kind: 'DOCUMENT', collectedAt: '2027-01-01T00:00:00Z' },
        ['input.collectedAt'],
      ],
      [
        'create',
        { title: 'x', kind: 'DOCUMENT', collectionFrequencyDays: 0 },
        ['input.collectionFrequencyDays'],
      ],
      ['create', { title: 'x', kind: 'DOCUMENT', ownerId: randomUUID() }, ['input.ownerId']],
      [
        'create',
        { title: 'x', kind: 'DOCUMENT', links: { requirementUrns: ['urn:aims:req:nowhere:1'] } },
        ['input.links.requirementUrns'],
      ],
      ['create', { title: 'x', kind: 'DOCUMENT', links: { riskIds: ['nope'] } }, ['input.links.riskIds']],
    ])('%s %j → BAD_USER_INPUT %j, nothing written', async (name, input, fields) => {
      const before = await footprint();
      const res = await attempt(name as keyof typeof Q, input);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      if (fields) expect(badFields(res).sort()).toEqual(fields);
      expect(await footprint()).toEqual(before);
    });

    it('names the field for every other mutation, and writes nothing', async () => {
      const target = await createEvidence({ title: 'Target' });
      const version = await uploadFile(target.id, Buffer.from('target'));
      const before = await footprint();
      const cases: [keyof typeof Q, Record<string, unknown>, string[]][] = [
        ['update', { evidenceItemId: 'nope', title: 'x' }, ['input.evidenceItemId']],
        ['update', { evidenceItemId: target.id, title: '' }, ['input.title']],
        ['update', { evidenceItemId: target.id, validFrom: at(10), validUntil: at(5) }, ['input.validUntil']],
        [
          'upload',
          { evidenceItemId: target.id, fileName: '../etc/passwd', mediaType: 'text/plain' },
          ['input.fileName'],
        ],
        ['upload', { evidenceItemId: target.id, fileName: 'a.pdf', mediaType: 'pdf' }, ['input.mediaType']],
        [
          'upload',
          {
            evidenceItemId: target.id,
            fileName: 'a.pdf',
            mediaType: 'application/pdf',
            sizeBytes: 200 * MiB,
          },
          ['input.sizeBytes'],
        ],
        ['linkVersion', { evidenceItemId: target.id, url: 'not a url' }, ['input.url']],
        ['submit', { evidenceItemId: 'nope' }, ['input.evidenceItemId']],
        ['review', { evidenceItemId: target.id, decision: 'REJECT' }, ['input.comment']],
        ['review', { evidenceItemId: target.id, decision: 'ACCEPT', versionId: 'v1' }, ['input.versionId']],
        ['link', { evidenceItemId: target.id }, ['input']],
        ['link', { evidenceItemId: target.id, riskIds: ['nope'] }, ['input.riskIds']],
        [
          'link',
          { evidenceItemId: target.id, requirementUrns: [URN.controlArea] },
          ['input.requirementUrns'],
        ],
        ['unlink', { evidenceItemId: target.id, requirementUrns: [] }, ['input']],
        ['download', { evidenceItemId: target.id, versionId: 'latest' }, ['input.versionId']],
      ];
      for (const [name, input, fields] of cases) {
        const res = await attempt(name, input);
        expect([name, input, errorCode(res), badFields(res).sort()]).toEqual([
          name,
          input,
          'BAD_USER_INPUT',
          fields,
        ]);
      }
      expect(await footprint()).toEqual(before);
      expect(version.version.number).toBe(1);

      const page = await gql(t.http, officer, Q.list, { first: 500 });
      expect(badFields(page)).toEqual(['first']);
      const cursor = await gql(t.http, officer, Q.list, { after: 'garbage' });
      expect(badFields(cursor)).toEqual(['after']);
    });
  });
});
