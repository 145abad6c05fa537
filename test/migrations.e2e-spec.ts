import { schemaDiff } from '@aims/runtime';
import { startTestApp, TestApp } from './support/app';
import { createOrg } from './support/factory';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('agree with the entities (no pending schema change)', async () => {
    const diff = await schemaDiff(t.runtime.dataSource);
    expect(diff.up).toEqual([]);
  });

  it('make audit events append-only in the database itself', async () => {
    const org = await createOrg(t.http);
    const where = `WHERE organisation_id = '${org.organisationId}'`;
    expect(
      (await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM audit_event ${where}`))[0].n,
    ).toBeGreaterThan(0);
    await expect(t.runtime.dataSource.query(`DELETE FROM audit_event ${where}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.runtime.dataSource.query(`UPDATE audit_event SET action = 'x' ${where}`)).rejects.toThrow(
      /append-only/,
    );
  });
});
