import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { verifyPack } from '@aims/exports';
import { Role } from '@aims/platform';
import { fetchDownload, ISO42001, packOrganisation, PERIOD, Q, settledJob } from './exports-support';
import { startTestApp, TestApp } from './support/app';
import { createOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';

const ROTATE = `mutation($input: RotatePackSigningKeyInput!) { rotatePackSigningKey(input: $input) {
  active { keyId publicKeyPem retiredAt } retired { keyId publicKeyPem retiredAt } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;

/**
 * Rotating an organisation's pack signing key: a signed-in OWNER or ADMIN retires the active key and makes a
 * new one for every pack after; the retired key stays published, so packs it signed still verify.
 */
describe('pack signing key rotation', () => {
  let t: TestApp;
  let storageDir: string;
  let acme: Awaited<ReturnType<typeof packOrganisation>>;
  let tokens: Record<Role, string>;

  const sql = (query: string, params: unknown[] = []) => t.runtime.dataSource.query(query, params);
  /** The organisation's keys and audit events: what a refused rotation must leave as it was. */
  const footprint = async (organisationId: string) =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT json_agg(json_build_object('keyId', key_id, 'retiredAt', retired_at) ORDER BY key_id)
                   FROM pack_signing_key WHERE organisation_id = $1) AS keys`,
        [organisationId],
      )
    )[0];
  const rotate = (token: string, reason = 'scheduled yearly rotation') =>
    gql<any>(t.http, token, ROTATE, { input: { reason } });
  /** Exports a pack as the auditor and writes it to a file, returning the file and the job. */
  const packFile = async (name: string) => {
    const res = await gqlOk<any>(t.http, acme.auditor, Q.request, {
      input: { cycleId: acme.cycleId, frameworkUrns: [ISO42001], ...PERIOD },
    });
    const job = await settledJob(t.http, acme.auditor, res.requestEvidencePack.job.id);
    expect(job.status).toBe('COMPLETED');
    const grant = (await gqlOk<any>(t.http, acme.auditor, Q.download, { input: { jobId: job.id } }))
      .createExportDownload;
    const file = path.join(storageDir, `${name}.zip`);
    await writeFile(file, (await fetchDownload(t.http, grant.downloadUrl)).body);
    return { file, job };
  };
  const publishedKeys = async () =>
    (await request(t.http).get('/.well-known/aims-pack-keys.json')).body as Record<string, string>;

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'aims-key-rotation-e2e-'));
    t = await startTestApp({ worker: true, env: { EVIDENCE_STORAGE_DIR: storageDir } });
    acme = await packOrganisation(t.http, 'Rotating Org');
    tokens = await tokensByRole(t.http, acme.org);
  });
  afterAll(async () => {
    await t?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('signs new packs with the new key while packs signed with the retired one still verify', async () => {
    const old = await packFile('old');
    const oldKeyId = old.job.pack.keyId as string;

    const { rotatePackSigningKey: rotated } = await gqlOk<any>(t.http, acme.org.ownerToken, ROTATE, {
      input: { reason: 'scheduled yearly rotation' },
    });
    expect(rotated.retired.keyId).toBe(oldKeyId);
    expect(rotated.retired.retiredAt).not.toBeNull();
    expect(rotated.active.keyId).not.toBe(oldKeyId);
    expect(rotated.active.retiredAt).toBeNull();
    const [audit] = await sql(
      `SELECT actor_id, changes FROM audit_event
        WHERE organisation_id = $1 AND action = 'pack_signing_key.rotated'`,
      [acme.org.organisationId],
    );
    expect(audit).toEqual({
      actor_id: acme.org.ownerId,
      changes: { keyId: { from: oldKeyId, to: rotated.active.keyId }, reason: 'scheduled yearly rotation' },
    });

    const fresh = await packFile('new');
    expect(fresh.job.pack.keyId).toBe(rotated.active.keyId);

    const keys = await publishedKeys();
    expect(keys[oldKeyId]).toBe(rotated.retired.publicKeyPem);
    expect(keys[rotated.active.keyId]).toBe(rotated.active.publicKeyPem);
    const verified = async (file: string, keyId: string) =>
      (await verifyPack(file, { publicKeyPem: keys[keyId] })).valid;
    expect(await verified(old.file, oldKeyId)).toBe(true);
    expect(await verified(fresh.file, rotated.active.keyId)).toBe(true);
    // Each pack verifies against its own key only.
    expect(await verified(old.file, rotated.active.keyId)).toBe(false);
    expect(await verified(fresh.file, oldKeyId)).toBe(false);
  });

  it('lets a signed-in OWNER or ADMIN rotate; refuses other roles and API keys, writing nothing', async () => {
    const { secret: adminKey } = (
      await gqlOk<any>(t.http, acme.org.ownerToken, CREATE_KEY, {
        input: { name: 'automation', role: 'ADMIN' },
      })
    ).createApiKey;
    const before = await footprint(acme.org.organisationId);
    for (const token of [
      tokens[Role.COMPLIANCE_OFFICER],
      tokens[Role.AUDITOR],
      tokens[Role.VIEWER],
      adminKey,
    ]) {
      expect(errorCode(await rotate(token))).toBe('FORBIDDEN');
    }
    expect(await footprint(acme.org.organisationId)).toEqual(before);

    const res = await rotate(tokens[Role.ADMIN]);
    expect(res.errors).toBeUndefined();
    const after = await footprint(acme.org.organisationId);
    expect(after.keys).toHaveLength(before.keys.length + 1);
    expect(after.keys.filter((k: any) => k.retiredAt === null)).toEqual([
      { keyId: res.data.rotatePackSigningKey.active.keyId, retiredAt: null },
    ]);
  });

  it('refuses an empty reason naming the field, with nothing changed', async () => {
    const before = await footprint(acme.org.organisationId);
    const res = await rotate(acme.org.ownerToken, '   ');
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['input.reason']);
    expect(await footprint(acme.org.organisationId)).toEqual(before);
  });

  it("rotates only the caller's organisation key, and makes a first key for an organisation without one", async () => {
    const other = await createOrg(t.http, 'Other Rotating Org');
    const mine = await footprint(acme.org.organisationId);
    const { rotatePackSigningKey: first } = await gqlOk<any>(t.http, other.ownerToken, ROTATE, {
      input: { reason: 'first key' },
    });
    expect(first.retired).toBeNull();
    expect(await footprint(acme.org.organisationId)).toEqual(mine);
    const theirs = await footprint(other.organisationId);
    expect(theirs.keys).toEqual([{ keyId: first.active.keyId, retiredAt: null }]);
  });
});
