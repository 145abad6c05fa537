import { randomUUID } from 'node:crypto';
import { Role } from '@aims/platform';
import { DomainCorrections1795400000000 } from '../migrations/1795400000000-DomainCorrections';
import { DEMO, seedDemo } from '../seeds/demo';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

/** Domain corrections a 42001 lead auditor and an EU AI Act lawyer asked for, over the real API. */
const Q = {
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id tier
    tierBasis { reference explanation } transparencyObligations { reference addressee }
    gpaiObligations { reference } tierAnswers { annexIIIPoints gpaiModel } } } }`,
  updateSystem: `mutation($input: UpdateAISystemInput!) { updateAISystem(input: $input) { aiSystem { id
    transparencyObligations { reference } tierBasis { reference explanation } } } }`,
  system: `query($id: ID!) { aiSystem(id: $id) { tier tierAnswers { annexIIIPoints gpaiModel medicalOrSafetyUse }
    tierBasis { reference urn } transparencyObligations { reference } } }`,
  createCycle: `mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { id
    checklist { id refId phase status requirementUrn } } } }`,
  item: `mutation($input: UpdateChecklistItemInput!) { updateChecklistItem(input: $input) { checklistItem { id status } } }`,
  advance: `mutation($input: AdvanceCycleInput!) { advanceCycle(input: $input) { cycle { id phase } } }`,
  raise: `mutation($input: RaiseNonconformityInput!) { raiseNonconformity(input: $input) { nonconformity { id } } }`,
  noAction: `mutation($input: DecideNoCorrectiveActionInput!) { decideNoCorrectiveAction(input: $input) {
    nonconformity { id status noActionReason closedAt } } }`,
  setStatus: `mutation($input: SetRequirementStatusInput!) { setRequirementStatus(input: $input) {
    requirementStatus { id requirementUrn status justification ownerId statedByType } } }`,
  statuses: `{ requirementStatuses(first: 50) { totalCount edges { node { id requirementUrn status } } } }`,
  coverage: `query($frameworkUrn: String!, $cycleId: ID!) { coverage(frameworkUrn: $frameworkUrn, cycleId: $cycleId) {
    requirements { requirementUrn status basis reason implementationSource evidenceCount } } }`,
  createEvidence: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { id } } }`,
  submit: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { id } } }`,
  review: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) { evidenceItem { id status } } }`,
  linkVersion: `mutation($input: AddEvidenceLinkVersionInput!) { addEvidenceLinkVersion(input: $input) {
    evidenceItem { id status } } }`,
  integrity: `{ auditLogIntegrity { valid checkedEvents firstBrokenSeq } }`,
};

const EU_AI_ACT = 'urn:aims:framework:eu-ai-act:2024-1689';
const ART_9 = 'urn:aims:req:eu-ai-act:art-9';
const ART_10 = 'urn:aims:req:eu-ai-act:art-10';

describe('domain corrections', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let tokens: Record<Role, string>;
  let officer: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http, 'Domain corrections org');
    other = await createOrg(t.http, 'Other org');
    tokens = await tokensByRole(t.http, org);
    officer = tokens[Role.COMPLIANCE_OFFICER];
    reviewer = (await addMember(t.http, org, Role.COMPLIANCE_OFFICER)).token;
  });
  afterAll(() => t.close());

  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const call = (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    gql<any>(t.http, token, Q[name], { input });
  const sql = (query: string, params: unknown[] = []) => t.runtime.dataSource.query(query, params);
  const auditCount = async (organisationId: string) =>
    (await sql('SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1', [organisationId]))[0]
      .n as number;
  const unmet = (res: any) =>
    (res.errors?.[0]?.extensions?.unmet ?? []).map((u: any) => [u.code, u.entityId]) as [string, string][];
  /** A fresh organisation with a cycle (new orgs can have one open cycle each). */
  const freshCycle = async (label: string) => {
    const o = await createOrg(t.http, label);
    const roles = await tokensByRole(t.http, o);
    const cycle = (
      await run(
        'createCycle',
        {
          name: 'AIMS 2026',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2027-01-01T00:00:00.000Z',
          scopeStatement: 'Whole organisation',
        },
        roles[Role.COMPLIANCE_OFFICER],
      )
    ).cycle;
    return { o, roles, officer: roles[Role.COMPLIANCE_OFFICER], cycle };
  };

  describe('clauses 4-10 are mandatory (item 4)', () => {
    it('refuses NOT_APPLICABLE on a clause checklist item, naming the rule, and writes nothing', async () => {
      const { o, officer: own, cycle } = await freshCycle('No N/A org');
      const item = cycle.checklist.find((i: any) => i.refId === '6.1.2');
      const before = await auditCount(o.organisationId);
      const res = await call('item', { id: item.id, status: 'NOT_APPLICABLE' }, own);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['input.status']);
      expect(res.errors?.[0].message).toMatch(/mandatory/);
      expect(await auditCount(o.organisationId)).toBe(before);
      const [{ status }] = await sql('SELECT status FROM checklist_item WHERE id = $1', [item.id]);
      expect(status).toBe('NOT_STARTED');
    });
  });

  describe('DO → CHECK (item 5)', () => {
    it('holds the cycle while 8.4 is not started and a high-risk system has no approved impact assessment', async () => {
      const { o, officer: own, cycle } = await freshCycle('Do gate org');
      const system = (
        await run(
          'createSystem',
          {
            name: 'CV screener',
            role: 'PROVIDER',
            lifecycleStage: 'OPERATION_AND_MONITORING',
            euAiActAnswers: { annexIIIPoints: ['ANNEX_III_4_A'] },
          },
          own,
        )
      ).aiSystem;
      expect(system.tier).toBe('HIGH_RISK');
      await run(
        'advance',
        { cycleId: cycle.id, override: { reason: 'Plan reviewed elsewhere' } },
        o.ownerToken,
      );
      await sql('UPDATE cycle SET ai_system_ids = $2 WHERE id = $1', [cycle.id, [system.id]]);
      const doItems = cycle.checklist.filter((i: any) => i.phase === 'DO');
      const item84 = doItems.find((i: any) => i.refId === '8.4');
      for (const i of doItems.filter((x: any) => x.id !== item84.id)) {
        await run('item', { id: i.id, status: 'IMPLEMENTED' }, own);
      }
      const held = await call('advance', { cycleId: cycle.id }, own);
      expect(errorCode(held)).toBe('GATE_NOT_MET');
      expect(unmet(held)).toEqual([
        ['DO_CLAUSE_OPEN', item84.id],
        ['AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT', system.id],
      ]);
    });
  });

  describe('ACT → CLOSED (item 6)', () => {
    it('needs an action or a recorded no-action decision for an open minor nonconformity', async () => {
      const { o, roles, officer: own, cycle } = await freshCycle('Act gate org');
      for (let i = 0; i < 3; i++) {
        await run('advance', { cycleId: cycle.id, override: { reason: 'Fast-forward' } }, o.ownerToken);
      }
      const minor = (
        await run(
          'raise',
          {
            cycleId: cycle.id,
            source: 'INCIDENT',
            description: 'Log rotation missed once',
            severity: 'MINOR',
          },
          own,
        )
      ).nonconformity;
      const major = (
        await run(
          'raise',
          { cycleId: cycle.id, source: 'OTHER', description: 'No AI policy at all', severity: 'MAJOR' },
          own,
        )
      ).nonconformity;
      const held = await call('advance', { cycleId: cycle.id }, own);
      expect(unmet(held)).toEqual([
        ['MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION', major.id],
        ['NONCONFORMITY_NOT_EVALUATED', minor.id],
      ]);

      // Bad input, the major rule, roles and tenancy: nothing written.
      const before = await auditCount(o.organisationId);
      expect(badFields(await call('noAction', { nonconformityId: minor.id, reason: '  ' }, own))).toEqual([
        'input.reason',
      ]);
      const onMajor = await call('noAction', { nonconformityId: major.id, reason: 'Not needed' }, own);
      expect(errorCode(onMajor)).toBe('BAD_USER_INPUT');
      expect(badFields(onMajor)).toEqual(['input.nonconformityId']);
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        expect(
          errorCode(await call('noAction', { nonconformityId: minor.id, reason: 'x' }, roles[role])),
        ).toBe('FORBIDDEN');
      }
      await expectForeignIdBehavesAsMissing(
        (id) => call('noAction', { nonconformityId: id, reason: 'Not needed' }, other.ownerToken),
        minor.id,
      );
      expect(await auditCount(o.organisationId)).toBe(before);

      const decided = (
        await run('noAction', { nonconformityId: minor.id, reason: 'One-off, already rotated by hand' }, own)
      ).nonconformity;
      expect(decided).toMatchObject({ status: 'CLOSED', noActionReason: 'One-off, already rotated by hand' });
      const [event] = await sql(
        "SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = 'nonconformity.no_action_decided'",
        [o.organisationId],
      );
      expect(event.changes.noActionReason).toEqual({ from: null, to: 'One-off, already rotated by hand' });
      expect(unmet(await call('advance', { cycleId: cycle.id }, own))).toEqual([
        ['MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION', major.id],
      ]);
    });
  });

  describe('conformity statements and coverage (item 7, issue 14 item 8)', () => {
    let cycleId: string;
    beforeAll(async () => {
      cycleId = (
        await run('createCycle', {
          name: 'AIMS 2026',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2027-01-01T00:00:00.000Z',
        })
      ).cycle.id;
    });
    const rowOf = async (urn: string) =>
      (
        await gqlOk<any>(t.http, officer, Q.coverage, { frameworkUrn: EU_AI_ACT, cycleId })
      ).coverage.requirements.find((r: any) => r.requirementUrn === urn);
    /** LINK evidence on `urn`, accepted by another member than its uploader. */
    const accepted = async (urn: string) => {
      const item = (
        await run('createEvidence', {
          title: `Proof for ${urn}`,
          kind: 'LINK',
          url: 'https://example.org/proof',
          links: { requirementUrns: [urn] },
        })
      ).evidenceItem;
      await run('submit', { evidenceItemId: item.id });
      await run('review', { evidenceItemId: item.id, decision: 'ACCEPT' }, reviewer);
      return item.id as string;
    };

    it('caps evidence-only coverage at PARTIAL until a conformity statement says IMPLEMENTED', async () => {
      await accepted(ART_9);
      expect(await rowOf(ART_9)).toMatchObject({
        status: 'PARTIAL',
        basis: 'OWN',
        implementationSource: null,
        reason: expect.stringContaining('evidence only (capped at PARTIAL)'),
      });
      const statement = (
        await run('setStatus', {
          requirementUrn: ART_9,
          status: 'IMPLEMENTED',
          justification: 'Risk management system run through the AIMS risk register',
        })
      ).requirementStatus;
      expect(statement).toMatchObject({ requirementUrn: ART_9, status: 'IMPLEMENTED', statedByType: 'USER' });
      expect(await rowOf(ART_9)).toMatchObject({
        status: 'FULL',
        implementationSource: 'STATEMENT',
        reason: 'own: conformity statement IMPLEMENTED, 1 accepted evidence',
      });
      const [event] = await sql(
        "SELECT entity_id, changes FROM audit_event WHERE organisation_id = $1 AND action = 'requirement_status.set'",
        [org.organisationId],
      );
      expect(event.entity_id).toBe(statement.id);
      expect(event.changes.status).toEqual({ from: null, to: 'IMPLEMENTED' });
    });

    it('refuses bad input naming the field, and writes nothing', async () => {
      const before = await auditCount(org.organisationId);
      const outsider = (await createOrg(t.http, 'Outsider org')).ownerId;
      const cases: [Record<string, unknown>, string][] = [
        [
          { requirementUrn: 'urn:aims:req:eu-ai-act:nope', status: 'IMPLEMENTED', justification: 'x' },
          'input.requirementUrn',
        ],
        [
          { requirementUrn: 'urn:aims:req:eu-ai-act:annex-iii', status: 'IMPLEMENTED', justification: 'x' },
          'input.requirementUrn',
        ],
        [
          {
            requirementUrn: 'urn:aims:req:iso-iec-42001-2023:6.1.2',
            status: 'NOT_APPLICABLE',
            justification: 'x',
          },
          'input.requirementUrn',
        ],
        [{ requirementUrn: ART_10, status: 'IMPLEMENTED', justification: '   ' }, 'input.justification'],
        [{ requirementUrn: ART_10, status: 'DONE', justification: 'x' }, 'input.status'],
        [
          { requirementUrn: ART_10, status: 'IMPLEMENTED', justification: 'x', ownerId: outsider },
          'input.ownerId',
        ],
      ];
      for (const [input, field] of cases) {
        const res = await call('setStatus', input);
        expect([field, errorCode(res)]).toEqual([field, 'BAD_USER_INPUT']);
        if (field !== 'input.status') expect(badFields(res)).toEqual([field]);
      }
      expect(await auditCount(org.organisationId)).toBe(before);
    });

    it('lets governance roles state and every role read, within the organisation only', async () => {
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        const res = await call(
          'setStatus',
          { requirementUrn: ART_10, status: 'IN_PROGRESS', justification: 'Data governance started' },
          tokens[role],
        );
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
      await run(
        'setStatus',
        { requirementUrn: ART_10, status: 'IN_PROGRESS', justification: 'Data governance started' },
        tokens[Role.ADMIN],
      );
      for (const role of Object.values(Role)) {
        const urns = (await gqlOk<any>(t.http, tokens[role], Q.statuses)).requirementStatuses.edges.map(
          (e: any) => e.node.requirementUrn,
        );
        expect(urns.sort()).toEqual([ART_10, ART_9]);
      }
      expect((await gqlOk<any>(t.http, other.ownerToken, Q.statuses)).requirementStatuses.totalCount).toBe(0);
    });

    it('keeps the latest accepted version counting while a new version is drafted', async () => {
      const art12 = 'urn:aims:req:eu-ai-act:art-12';
      const item = await accepted(art12);
      expect((await rowOf(art12)).evidenceCount).toBe(1);
      const drafted = (
        await run('linkVersion', { evidenceItemId: item, url: 'https://example.org/proof-v2' })
      ).evidenceItem;
      expect(drafted.status).toBe('DRAFT');
      expect(await rowOf(art12)).toMatchObject({ status: 'PARTIAL', evidenceCount: 1 });
    });
  });

  describe('EU AI Act through the API (items 9-12)', () => {
    it('gives a DEPLOYER chatbot no 50(1) duty but a note, and re-derives when the role changes', async () => {
      const system = (
        await run('createSystem', {
          name: 'Support bot',
          role: 'DEPLOYER',
          lifecycleStage: 'DEPLOYMENT',
          euAiActAnswers: { transparencyTriggers: ['INTERACTS_WITH_PEOPLE'], gpaiModel: true },
        })
      ).aiSystem;
      expect(system).toMatchObject({
        tier: 'LIMITED_RISK',
        transparencyObligations: [],
        gpaiObligations: [],
      });
      expect(system.tierBasis.map((b: any) => b.reference)).toEqual(['Art. 50(1)', 'Art. 53']);
      expect(system.tierBasis[0].explanation).toMatch(/binds the system's provider/);
      const provider = (await run('updateSystem', { id: system.id, role: 'PROVIDER' })).aiSystem;
      expect(provider.transparencyObligations).toEqual([{ reference: 'Art. 50(1)' }]);
    });
  });

  describe('the data migration', () => {
    it('renames ANNEX_III_2_A, re-derives stored tiers, puts N/A clauses back, audits it all, and keeps the chain valid', async () => {
      const { o, officer: own, cycle } = await freshCycle('Migrated org');
      const system = (
        await run(
          'createSystem',
          {
            name: 'Grid balancer',
            role: 'DEPLOYER',
            lifecycleStage: 'OPERATION_AND_MONITORING',
            euAiActAnswers: { annexIIIPoints: ['ANNEX_III_1_A'] },
          },
          own,
        )
      ).aiSystem;
      // The shape stored before the corrections.
      await sql(`UPDATE ai_system SET tier_answers = $2, tier_basis = $3 WHERE id = $1`, [
        system.id,
        JSON.stringify({
          prohibitedPractices: [],
          annexISafetyComponent: false,
          annexIIIPoints: ['ANNEX_III_2_A'],
          derogationConditions: [],
          profiling: false,
          transparencyTriggers: [],
        }),
        JSON.stringify([
          { reference: 'Annex III 2(a)', urn: 'urn:aims:req:eu-ai-act:annex-iii-2-a', explanation: 'old' },
        ]),
      ]);
      const item = cycle.checklist.find((i: any) => i.refId === '6.1.4');
      await sql("UPDATE checklist_item SET status = 'NOT_APPLICABLE' WHERE id = $1", [item.id]);
      const before = await auditCount(o.organisationId);

      const runner = t.runtime.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await new DomainCorrections1795400000000().up(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }

      const migrated = (await gqlOk<any>(t.http, own, Q.system, { id: system.id })).aiSystem;
      expect(migrated.tierAnswers).toEqual({
        annexIIIPoints: ['ANNEX_III_2'],
        gpaiModel: false,
        medicalOrSafetyUse: false,
      });
      expect(migrated.tierBasis).toEqual([
        { reference: 'Annex III 2', urn: 'urn:aims:req:eu-ai-act:annex-iii-2' },
      ]);
      const [{ status }] = await sql('SELECT status FROM checklist_item WHERE id = $1', [item.id]);
      expect(status).toBe('NOT_STARTED');
      const events = await sql(
        'SELECT action, entity_id, actor_type FROM audit_event WHERE organisation_id = $1 AND seq > $2 ORDER BY seq',
        [o.organisationId, before],
      );
      expect(events).toEqual([
        { action: 'ai_system.reclassified', entity_id: system.id, actor_type: 'SYSTEM' },
        { action: 'checklist_item.updated', entity_id: item.id, actor_type: 'SYSTEM' },
      ]);
      const integrity = (await gqlOk<any>(t.http, o.ownerToken, Q.integrity)).auditLogIntegrity;
      expect(integrity).toMatchObject({ valid: true, checkedEvents: before + 2, firstBrokenSeq: null });
      // Organisations that existed keep the grid they were scored with.
      const [criteria] = await sql('SELECT grid FROM risk_criteria WHERE organisation_id = $1', [
        o.organisationId,
      ]);
      expect(criteria.grid[0]).toEqual([0, 0, 1, 1, 1]);
    });
  });

  describe('demo seed (item 9)', () => {
    it('seeds the chatbot as a DEPLOYER with no 50(1) duty of its own', async () => {
      await seedDemo(t.app);
      const [row] = await sql(
        `SELECT s.role, s.tier, s.transparency_obligations, s.tier_basis FROM ai_system s
           JOIN organisation o ON o.id = s.organisation_id WHERE o.name = $1 AND s.name = 'Northwind Assist'`,
        [DEMO.organisation],
      );
      expect(row).toMatchObject({ role: 'DEPLOYER', tier: 'LIMITED_RISK', transparency_obligations: [] });
      expect(row.tier_basis.map((b: any) => b.reference)).toEqual(['Art. 50(1)', 'Art. 53']);
    });
  });

  it('treats a random id like a missing nonconformity for decideNoCorrectiveAction', async () => {
    expect(errorCode(await call('noAction', { nonconformityId: randomUUID(), reason: 'x' }))).toBe(
      'NOT_FOUND',
    );
  });
});
