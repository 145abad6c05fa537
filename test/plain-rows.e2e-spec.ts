import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuditEvent } from '@aims/audit-log';
import { User } from '@aims/identity';
import { plainRows } from '@aims/platform';
import { Risk, RiskAssessment } from '@aims/risks';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';

/**
 * plainRows reads what TypeORM would hydrate (driver conversions, column transformers such as the audit
 * sequence's bigint → number, arrays, jsonb, timestamps), as plain objects, for the organisation's rows.
 */
describe('plainRows', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.runtime.dataSource;
    org = await createOrg(t.http, 'Plain rows org');
    const { createRisk } = await gqlOk<any>(
      t.http,
      org.ownerToken,
      'mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }',
      {
        input: { title: 'Plain', ownerId: org.ownerId },
      },
    );
    await gqlOk(
      t.http,
      org.ownerToken,
      'mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { id } } }',
      { input: { riskId: createRisk.risk.id, inherent: { likelihood: 3, consequence: 4 } } },
    );
    await gqlOk(
      t.http,
      org.ownerToken,
      'mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { id } } }',
      { input: { id: createRisk.risk.id, status: 'EVALUATED' } },
    );
    await gqlOk(
      t.http,
      org.ownerToken,
      'mutation($input: SetRiskTreatmentInput!) { setRiskTreatment(input: $input) { risk { id } } }',
      {
        input: {
          riskId: createRisk.risk.id,
          option: 'MODIFY',
          controlUrns: ['urn:aims:req:iso-iec-42001-2023:a.6.2.4'],
        },
      },
    );
  });
  afterAll(() => t.close());

  async function same<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
    const entities = await qb.clone().getMany();
    const { rows } = await plainRows(qb);
    expect(entities.length).toBeGreaterThan(0);
    expect(rows).toEqual(entities.map((e) => ({ ...e })));
    return rows;
  }

  it('reads risks, assessments, users and audit events as TypeORM hydrates them', async () => {
    const org_ = { org: org.organisationId };
    const [risk] = await same(
      dataSource.getRepository(Risk).createQueryBuilder('r').where('r.organisationId = :org', org_),
    );
    expect(risk.controlUrns).toEqual(['urn:aims:req:iso-iec-42001-2023:a.6.2.4']);
    expect(risk.createdAt).toBeInstanceOf(Date);
    await same(
      dataSource.getRepository(RiskAssessment).createQueryBuilder('a').where('a.organisationId = :org', org_),
    );
    await same(
      dataSource.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id: org.ownerId }),
    );
    const events = await same(
      dataSource
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.organisationId = :org', org_)
        .orderBy('e.seq'),
    );
    expect(typeof events[0].seq).toBe('number');
  });

  it('returns extra expressions beside each row', async () => {
    const { rows, extras } = await plainRows(
      dataSource
        .getRepository(Risk)
        .createQueryBuilder('r')
        .where('r.organisationId = :org', { org: org.organisationId }),
      { doubled: 'r.inherentLevel * 2' },
    );
    expect(extras).toEqual([{ doubled: (rows[0].inherentLevel as number) * 2 }]);
  });
});
