import { createPublicKey, verify } from 'node:crypto';
import request from 'supertest';
import { PackSigningKeys } from '@aims/exports';
import { startTestApp, TestApp } from './support/app';
import { createOrg } from './support/factory';

/** Per-organisation Ed25519 pack signing keys: created once, sealed at rest, retired keys still published. */
describe('pack signing keys', () => {
  let t: TestApp;
  let keys: PackSigningKeys;
  const sql = (query: string, params: unknown[] = []) => t.runtime.dataSource.query(query, params);

  beforeAll(async () => {
    t = await startTestApp();
    keys = t.app.get(PackSigningKeys);
  });
  afterAll(() => t?.close());

  it('creates one key per organisation on first use, even when first uses race', async () => {
    const org = await createOrg(t.http, 'Key Org');
    const signers = await Promise.all(Array.from({ length: 5 }, () => keys.signerFor(org.organisationId)));
    expect(new Set(signers.map((s) => s.keyId)).size).toBe(1);
    const rows = await sql(`SELECT key_id FROM pack_signing_key WHERE organisation_id = $1`, [
      org.organisationId,
    ]);
    expect(rows).toHaveLength(1);
    const other = await keys.signerFor((await createOrg(t.http, 'Other Key Org')).organisationId);
    expect(other.keyId).not.toBe(signers[0].keyId);

    const bytes = Buffer.from('{"manifest":true}');
    const signature = signers[0].sign(bytes);
    expect(verify(null, bytes, createPublicKey(signers[0].publicKeyPem), signature)).toBe(true);
    expect(verify(null, bytes, createPublicKey(other.publicKeyPem), signature)).toBe(false);
  });

  it('keeps the private half sealed to its own row', async () => {
    const a = await createOrg(t.http, 'Sealed A');
    const b = await createOrg(t.http, 'Sealed B');
    await keys.signerFor(a.organisationId);
    await keys.signerFor(b.organisationId);
    // Another row's sealed key copied over does not open here: the seal is bound to the row id.
    await sql(
      `UPDATE pack_signing_key SET sealed_private_key = (SELECT sealed_private_key FROM pack_signing_key WHERE organisation_id = $2)
        WHERE organisation_id = $1`,
      [a.organisationId, b.organisationId],
    );
    await expect(keys.signerFor(a.organisationId)).rejects.toThrow();
  });

  it('publishes retired keys next to the active one, without credentials', async () => {
    const org = await createOrg(t.http, 'Rotated Org');
    const old = await keys.signerFor(org.organisationId);
    await sql(`UPDATE pack_signing_key SET retired_at = now() WHERE organisation_id = $1`, [
      org.organisationId,
    ]);
    const current = await keys.signerFor(org.organisationId);
    expect(current.keyId).not.toBe(old.keyId);
    const res = await request(t.http).get('/.well-known/aims-pack-keys.json');
    expect(res.status).toBe(200);
    expect(res.body[old.keyId]).toBe(old.publicKeyPem);
    expect(res.body[current.keyId]).toBe(current.publicKeyPem);
  });
});
