import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import request from 'supertest';
import {
  createS3Client,
  EvidenceStorage,
  LocalEvidenceStorage,
  S3EvidenceStorage,
  StorageCleanupProcessor,
} from '@aims/evidence';
import { AppConfig, ManualClock, Role } from '@aims/platform';
import { verifyStorage } from '../scripts/verify-storage';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { LocalS3, startLocalS3 } from './support/s3-server';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const HOUR = 3600 * 1000;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

const Q = {
  create: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { id } } }`,
  upload: `mutation($input: CreateEvidenceUploadInput!) { createEvidenceUpload(input: $input) {
    uploadId uploadUrl method headers { name value } expiresAt maxBytes direct } }`,
  complete: `mutation($input: CompleteEvidenceUploadInput!) { completeEvidenceUpload(input: $input) {
    evidenceItem { id versionCount status } version { id number sha256 sizeBytes mediaType originalName } } }`,
  submit: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { status } } }`,
  review: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) {
    evidenceItem { status acceptedVersion { sha256 } } } }`,
  download: `mutation($input: CreateEvidenceDownloadInput!) { createEvidenceDownload(input: $input) {
    downloadUrl version { id sha256 } } }`,
};

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3?.close());

/** How a test reaches behind the app's back into its storage. */
interface Backdoor {
  overwrite(sha: string, body: Buffer): Promise<void>;
  delete(sha: string): Promise<void>;
}

function backdoor(config: AppConfig, storage: EvidenceStorage): Backdoor {
  if (storage instanceof S3EvidenceStorage) {
    const client = createS3Client(config);
    const bucket = config.S3_BUCKET as string;
    return {
      overwrite: async (sha, body) => {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: storage.objectKey(sha), Body: body }));
      },
      delete: async (sha) => {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: storage.objectKey(sha) }));
      },
    };
  }
  const local = storage as LocalEvidenceStorage;
  return {
    overwrite: async (sha, body) => {
      await chmod(local.objectPath(sha), 0o640);
      await writeFile(local.objectPath(sha), body);
    },
    delete: (sha) => unlink(local.objectPath(sha)),
  };
}

/** The app's own environment for a driver: a fresh directory, or a fresh prefix in the s3rver bucket. */
async function driverEnv(
  driver: 'local' | 's3',
): Promise<{ env: Record<string, string>; done(): Promise<void> }> {
  if (driver === 's3') {
    return { env: { ...s3.env, S3_PREFIX: `e2e-${randomUUID()}` }, done: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'aims-evidence-storage-'));
  return { env: { EVIDENCE_STORAGE_DIR: dir }, done: () => rm(dir, { recursive: true, force: true }) };
}

describe.each(['local', 's3'] as const)('evidence on %s storage', (driver) => {
  let t: TestApp;
  let done: () => Promise<void>;
  let env: Record<string, string>;
  let storage: EvidenceStorage;
  let behind: Backdoor;
  let org: TestOrg;
  let officer: string;
  let reviewer: string;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));

  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const upload = async (body: Buffer) => {
    const { evidenceItem } = await run('create', { title: 'Evidence', kind: 'DOCUMENT' });
    const grant = await run('upload', {
      evidenceItemId: evidenceItem.id,
      fileName: 'policy.pdf',
      mediaType: 'application/pdf',
    });
    expect(grant.direct).toBe(false);
    const res = await request(t.http)
      .put(pathOf(grant.uploadUrl))
      .set('content-type', 'application/octet-stream')
      .send(body);
    expect(res.status).toBe(201);
    return { itemId: evidenceItem.id as string, versionId: res.body.version.id as string };
  };
  const download = async (itemId: string) => {
    const grant = await run('download', { evidenceItemId: itemId });
    return request(t.http)
      .get(pathOf(grant.downloadUrl))
      .buffer(true)
      .parse((stream, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  };

  beforeAll(async () => {
    ({ env, done } = await driverEnv(driver));
    t = await startTestApp({ clock, env });
    storage = t.app.get(EvidenceStorage);
    behind = backdoor(t.app.get(AppConfig), storage);
    org = await createOrg(t.http, `Storage ${driver}`);
    officer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
    reviewer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
  });
  afterAll(async () => {
    await t?.close();
    await done?.();
  });

  it(`uses the ${driver} driver and reports it ready`, async () => {
    expect(storage).toBeInstanceOf(driver === 's3' ? S3EvidenceStorage : LocalEvidenceStorage);
    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ storage: 'up', storageBackend: driver });
  });

  it('uploads, downloads the same bytes, and reviews', async () => {
    const body = randomBytes(256 * 1024);
    const { itemId } = await upload(body);
    expect(await storage.exists(sha256(body))).toBe(true);
    const res = await download(itemId);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(body)).toBe(true);
    expect(res.headers['x-content-sha256']).toBe(sha256(body));
    await run('submit', { evidenceItemId: itemId });
    const reviewed = await run('review', { evidenceItemId: itemId, decision: 'ACCEPT' }, reviewer);
    expect(reviewed.evidenceItem).toMatchObject({
      status: 'ACCEPTED',
      acceptedVersion: { sha256: sha256(body) },
    });
  });

  it('refuses to serve a tampered or missing object, and storage:verify reports both', async () => {
    const kept = Buffer.from(`kept intact ${driver} ${randomUUID()}`);
    const tampered = Buffer.from(`approved by the board ${randomUUID()}`);
    const deleted = Buffer.from(`deleted later ${randomUUID()}`);
    await upload(kept);
    const a = await upload(tampered);
    const b = await upload(deleted);
    const verify = async (organisationId: string) => {
      const lines: string[] = [];
      const code = await verifyStorage(
        ['--organisation', organisationId],
        {
          ...process.env,
          ...env,
          NODE_ENV: 'test',
          DATABASE_URL: process.env.AIMS_TEST_DATABASE_URL,
          LOG_LEVEL: 'silent',
        },
        (line) => lines.push(line),
      );
      return { code, lines };
    };
    const clean = await verify(org.organisationId);
    expect(clean.code).toBe(0);
    expect(clean.lines).toEqual([
      expect.stringMatching(
        new RegExp(`^checked \\d+ object\\(s\\) .* on ${driver} storage: 0 mismatched, 0 missing$`),
      ),
    ]);

    await behind.overwrite(
      sha256(tampered),
      Buffer.from(tampered.toString().replace('approved', 'APPROVED')),
    );
    await behind.delete(sha256(deleted));
    const corrupted = await download(a.itemId);
    expect(corrupted.status).toBe(409);
    expect(JSON.parse((corrupted.body as Buffer).toString()).code).toBe('EVIDENCE_CORRUPTED');
    expect((corrupted.body as Buffer).includes(Buffer.from('APPROVED'))).toBe(false);
    const missing = await download(b.itemId);
    expect(missing.status).toBe(409);

    const found = await verify(org.organisationId);
    expect(found.code).toBe(1);
    expect(found.lines.filter((l) => l.startsWith('MISMATCH'))).toEqual([
      expect.stringContaining(`version ${a.versionId}: expected ${sha256(tampered)}`),
    ]);
    expect(found.lines.filter((l) => l.startsWith('MISSING'))).toEqual([
      expect.stringContaining(
        `version ${b.versionId}: expected ${sha256(deleted)} (${deleted.length} bytes), no object`,
      ),
    ]);
    expect(found.lines.at(-1)).toMatch(/1 mismatched, 1 missing$/);
    // Another organisation's objects are not this one's problem.
    const other = await createOrg(t.http, 'Untouched');
    expect((await verify(other.organisationId)).code).toBe(0);
    expect((await verify('not-a-uuid')).code).toBe(2);
  });

  it('deletes abandoned staged objects once they are old enough, on schedule', async () => {
    const cleanup = t.app.get(StorageCleanupProcessor);
    expect(cleanup.schedules()).toEqual([
      expect.objectContaining({ id: 'storage-cleanup', everyMs: 3600000 }),
    ]);
    const staged = await storage.stage(Readable.from([Buffer.from('abandoned upload')]), 100);
    expect(await cleanup.process()).toEqual({ removed: 0 });
    const now = clock.now();
    clock.set(new Date(Date.now() + 25 * HOUR));
    try {
      expect(await cleanup.process()).toEqual({ removed: 1 });
    } finally {
      clock.set(now);
    }
    await expect(storage.commit(staged)).rejects.toThrow();
  });
});

describe('direct uploads to object storage', () => {
  let t: TestApp;
  let org: TestOrg;
  let officer: string;
  let other: TestOrg;

  const sql = async (query: string, params: unknown[] = []) =>
    (await t.runtime.dataSource.query(query, params)) as any[];
  const footprint = async () =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM evidence_version WHERE organisation_id = $1)::int AS versions,
                (SELECT count(*) FROM evidence_upload WHERE organisation_id = $1)::int AS uploads,
                (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events`,
        [org.organisationId],
      )
    )[0];
  const createItem = async () =>
    (await gqlOk<any>(t.http, officer, Q.create, { input: { title: 'Large dataset', kind: 'DOCUMENT' } }))
      .createEvidence.evidenceItem.id as string;
  const grant = async (evidenceItemId: string, body: Buffer) =>
    (
      await gqlOk<any>(t.http, officer, Q.upload, {
        input: {
          evidenceItemId,
          fileName: 'data.parquet',
          mediaType: 'application/octet-stream',
          sizeBytes: body.length,
          sha256: sha256(body),
        },
      })
    ).createEvidenceUpload;
  /** PUTs `body` to the store with the headers of the grant (the size header follows the body). */
  const putDirect = (g: any, body: Buffer) =>
    fetch(g.uploadUrl, {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: Object.fromEntries(
        g.headers
          .filter((h: { name: string }) => h.name.toLowerCase() !== 'content-length')
          .map((h: { name: string; value: string }) => [h.name, h.value]),
      ),
    });
  const complete = (uploadId: string, token = officer) =>
    gql<any>(t.http, token, Q.complete, { input: { uploadId } });

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...s3.env, S3_PREFIX: `direct-${randomUUID()}`, S3_DIRECT_UPLOADS: 'true' },
    });
    org = await createOrg(t.http, 'Direct');
    officer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
    other = await createOrg(t.http, 'Other');
  });
  afterAll(() => t?.close());

  it('hands out a presigned PUT bound to size and SHA-256; completion records the version', async () => {
    const body = randomBytes(300 * 1024);
    const itemId = await createItem();
    const g = await grant(itemId, body);
    expect(g).toMatchObject({ method: 'PUT', direct: true, maxBytes: body.length });
    expect(new URL(g.uploadUrl).origin).toBe(s3.endpoint);
    expect(g.uploadUrl).toContain('X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-checksum-sha256');
    expect(g.headers).toEqual([
      { name: 'Content-Length', value: String(body.length) },
      { name: 'x-amz-checksum-sha256', value: createHash('sha256').update(body).digest('base64') },
    ]);
    const before = await complete(g.uploadId);
    expect(errorCode(before)).toBe('BAD_USER_INPUT');
    expect(badFields(before)).toEqual(['input.uploadId']);

    expect((await putDirect(g, body)).status).toBe(200);
    const done = (await gqlOk<any>(t.http, officer, Q.complete, { input: { uploadId: g.uploadId } }))
      .completeEvidenceUpload;
    expect(done).toMatchObject({
      evidenceItem: { id: itemId, versionCount: 1, status: 'DRAFT' },
      version: { number: 1, sha256: sha256(body), sizeBytes: body.length, originalName: 'data.parquet' },
    });
    expect(errorCode(await complete(g.uploadId))).toBe('CONFLICT');

    const download = (await gqlOk<any>(t.http, officer, Q.download, { input: { evidenceItemId: itemId } }))
      .createEvidenceDownload;
    const res = await request(t.http)
      .get(pathOf(download.downloadUrl))
      .buffer(true)
      .parse((stream, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(body)).toBe(true);
  });

  it.each([
    ['other bytes of the same size', (body: Buffer) => Buffer.from(body).fill(0x41, 0, 16)],
    ['more bytes than declared', (body: Buffer) => Buffer.concat([body, Buffer.from('tail')])],
    ['fewer bytes than declared', (body: Buffer) => body.subarray(0, body.length - 1)],
  ])('refuses %s at completion, deletes the object and records nothing', async (_case, alter) => {
    const body = randomBytes(64 * 1024);
    const itemId = await createItem();
    const g = await grant(itemId, body);
    // A store that checks the signed size and checksum refuses the PUT itself; one that does not keeps
    // the bytes, and completion must catch them.
    await putDirect(g, alter(body));
    const before = await footprint();
    const refused = await complete(g.uploadId);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(badFields(refused)).toEqual(['input.uploadId']);
    expect(await footprint()).toEqual(before);
    const storage = t.app.get(EvidenceStorage);
    expect(await storage.inspectStaged(`direct-${g.uploadId}`)).toBeNull();
    expect(await storage.exists(sha256(alter(body)))).toBe(false);
    expect(await storage.exists(sha256(body))).toBe(false);
  });

  it('requires the size and SHA-256 up front, naming each missing field, and writes nothing', async () => {
    const itemId = await createItem();
    const before = await footprint();
    const res = await gql<any>(t.http, officer, Q.upload, {
      input: { evidenceItemId: itemId, fileName: 'x.bin', mediaType: 'application/octet-stream' },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res).sort()).toEqual(['input.sha256', 'input.sizeBytes']);
    const bad = await gql<any>(t.http, officer, Q.upload, {
      input: {
        evidenceItemId: itemId,
        fileName: 'x.bin',
        mediaType: 'application/octet-stream',
        sizeBytes: 10,
        sha256: 'not-a-hash',
      },
    });
    expect(badFields(bad)).toEqual(['input.sha256']);
    const malformed = await complete('not-a-uuid');
    expect(badFields(malformed)).toEqual(['input.uploadId']);
    expect(await footprint()).toEqual(before);
  });

  it("treats another organisation's upload id like a missing one", async () => {
    const body = Buffer.from('foreign');
    const g = await grant(await createItem(), body);
    await expectForeignIdBehavesAsMissing((id) => complete(id, other.ownerToken), g.uploadId);
  });

  it('lets only members who govern evidence complete an upload', async () => {
    const viewer = await addMember(t.http, org, Role.VIEWER);
    const res = await complete(randomUUID(), viewer.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });
});

describe('readiness without the object store', () => {
  it('answers 503 naming the storage when the bucket cannot be reached', async () => {
    const gone = await startLocalS3('aims-gone');
    const t = await startTestApp({ env: { ...gone.env } });
    try {
      expect((await request(t.http).get('/health/ready')).status).toBe(200);
      await gone.close();
      const res = await request(t.http).get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.checks).toMatchObject({ database: 'up', storage: 'down', storageBackend: 's3' });
    } finally {
      await t.close();
    }
  });
});
