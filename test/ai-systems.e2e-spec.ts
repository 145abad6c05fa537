import { randomUUID } from 'node:crypto';
import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const SYSTEM = `id name description intendedPurpose role lifecycleStage modelName modelVersion dataCategories affectedParties
  ownerId owner { id email } intelligenceLevel scenarioCriticality applicationScale grade gradedAt nextRegradeAt
  tier tierBasis { reference urn explanation } transparencyObligations { trigger reference urn obligation }
  derogationApplied classifiedAt tierAnswers { prohibitedPractices annexIIIPoints profiling derogationConditions transparencyTriggers annexISafetyComponent }`;

const CREATE = `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { ${SYSTEM} } } }`;
const UPDATE = `mutation($input: UpdateAISystemInput!) { updateAISystem(input: $input) { aiSystem { ${SYSTEM} } } }`;
const CLASSIFY = `mutation($input: ClassifyAISystemInput!) { classifyAISystem(input: $input) { aiSystem { ${SYSTEM} } } }`;
const GET = `query($id: ID!) { aiSystem(id: $id) { ${SYSTEM} impactAssessments { id version status } } }`;
const LIST = `query($filter: AISystemFilter, $first: Int, $after: String) {
  aiSystems(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`;
const IA =
  'id aiSystemId version status scope impacts { kind severity likelihood affectedGroup } authorId editorIds approvedById approvedAt nextReviewAt';
const CREATE_IA = `mutation($input: CreateImpactAssessmentInput!) { createImpactAssessment(input: $input) { impactAssessment { ${IA} } } }`;
const UPDATE_IA = `mutation($input: UpdateImpactAssessmentInput!) { updateImpactAssessment(input: $input) { impactAssessment { ${IA} } } }`;
const APPROVE_IA = `mutation($input: ApproveImpactAssessmentInput!) { approveImpactAssessment(input: $input) { impactAssessment { ${IA} } } }`;
const RULES =
  'base { scenarioCriticality intelligenceLevel grade } scaleSteps { applicationScale steps } isDefault';
const RULE_TABLE = `{ tc260RuleTable { ${RULES} } }`;
const UPDATE_RULES = `mutation($input: UpdateTc260RuleTableInput!) { updateTc260RuleTable(input: $input) { ruleTable { ${RULES} } regraded { id grade } } }`;

const base = { role: 'PROVIDER', lifecycleStage: 'DESIGN_AND_DEVELOPMENT' };

describe('AI systems', () => {
  let t: TestApp;
  let org: TestOrg;
  let tokens: Record<Role, string>;
  let officer: string;
  const clock = new ManualClock(new Date('2026-03-01T09:00:00.000Z'));

  const sql = async (query: string, params: unknown[] = []) =>
    (await t.runtime.dataSource.query(query, params)) as any[];
  /** Row counts that any write of this suite would change, for "nothing was written" checks. */
  const footprint = async (organisationId: string) =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM ai_system WHERE organisation_id = $1)::int AS systems,
                (SELECT count(*) FROM impact_assessment WHERE organisation_id = $1)::int AS assessments,
                (SELECT count(*) FROM tc260_rule_table WHERE organisation_id = $1)::int AS tables,
                (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events,
                (SELECT coalesce(max(updated_at), 'epoch') FROM ai_system WHERE organisation_id = $1) AS touched`,
        [organisationId],
      )
    )[0];
  const events = (organisationId: string, type: string) =>
    sql('SELECT payload FROM outbox_event WHERE organisation_id = $1 AND type = $2 ORDER BY created_at, id', [
      organisationId,
      type,
    ]).then((rows) => rows.map((r) => r.payload));

  const create = async (input: Record<string, unknown>, token = officer) =>
    (await gqlOk<any>(t.http, token, CREATE, { input: { ...base, ...input } })).createAISystem.aiSystem;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    org = await createOrg(t.http, 'AI systems org');
    tokens = await tokensByRole(t.http, org);
    officer = tokens[Role.COMPLIANCE_OFFICER];
  });
  afterAll(() => t.close());

  describe('registration', () => {
    it('creates an AI system owned by the caller, audited, with ai_system.created', async () => {
      const me = await gqlOk<any>(t.http, officer, '{ me { user { id } } }');
      const system = await create({
        name: 'CV screener',
        description: 'Ranks applicants',
        intendedPurpose: 'Shortlist job applicants for recruiters',
        modelName: 'ranker',
        modelVersion: '2.1',
        dataCategories: ['CVs', ' cover letters '],
        affectedParties: ['Job applicants'],
      });
      expect(system).toMatchObject({
        name: 'CV screener',
        role: 'PROVIDER',
        lifecycleStage: 'DESIGN_AND_DEVELOPMENT',
        dataCategories: ['CVs', 'cover letters'],
        ownerId: me.me.user.id,
        owner: { id: me.me.user.id },
        tier: null,
        grade: null,
        tierBasis: [],
      });
      const detail = (await gqlOk<any>(t.http, tokens[Role.VIEWER], GET, { id: system.id })).aiSystem;
      expect(detail.name).toBe('CV screener');
      const audit = await sql(
        "SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = 'ai_system.created' AND entity_id = $2",
        [org.organisationId, system.id],
      );
      expect(audit[0].changes.name).toEqual({ from: null, to: 'CV screener' });
      expect((await events(org.organisationId, 'ai_system.created')).map((p) => p.aiSystemId)).toContain(
        system.id,
      );
    });

    it('updates fields, clears optional ones with null, and records what changed', async () => {
      const system = await create({ name: 'Draft', description: 'to clear', modelVersion: '1' });
      const updated = (
        await gqlOk<any>(t.http, officer, UPDATE, {
          input: {
            id: system.id,
            name: 'Renamed',
            description: null,
            role: 'DEPLOYER',
            ownerId: org.ownerId,
          },
        })
      ).updateAISystem.aiSystem;
      expect(updated).toMatchObject({
        name: 'Renamed',
        description: null,
        role: 'DEPLOYER',
        ownerId: org.ownerId,
        modelVersion: '1',
      });
      const audit = await sql(
        "SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = 'ai_system.updated' AND entity_id = $2",
        [org.organisationId, system.id],
      );
      expect(Object.keys(audit[0].changes).sort()).toEqual(['description', 'name', 'ownerId', 'role']);
      const payloads = (await events(org.organisationId, 'ai_system.updated')).filter(
        (p) => p.aiSystemId === system.id,
      );
      expect(payloads).toHaveLength(1);
    });

    it('lists with filters on tier, grade, stage, owner and text, newest first with stable pages', async () => {
      const o = await createOrg(t.http, 'List org');
      const officerB = await addMember(t.http, o, Role.COMPLIANCE_OFFICER);
      const mk = (input: Record<string, unknown>, token = o.ownerToken) => create(input, token);
      const a = await mk({
        name: 'Alpha chatbot',
        euAiActAnswers: { transparencyTriggers: ['INTERACTS_WITH_PEOPLE'] },
      });
      const b = await mk({
        name: 'Beta scorer',
        lifecycleStage: 'OPERATION_AND_MONITORING',
        intelligenceLevel: 'BASIC',
        scenarioCriticality: 'SENSITIVE',
        applicationScale: 'SMALL',
      });
      const c = await mk(
        { name: 'Gamma helper', intendedPurpose: 'Summarise 100% of tickets' },
        officerB.token,
      );
      const ids = async (filter: Record<string, unknown>) =>
        (await gqlOk<any>(t.http, o.ownerToken, LIST, { filter })).aiSystems.edges.map((e: any) => e.node.id);
      expect(await ids({})).toEqual([c.id, b.id, a.id]);
      expect(await ids({ tier: 'LIMITED_RISK' })).toEqual([a.id]);
      expect(await ids({ grade: 'MEDIUM' })).toEqual([b.id]);
      expect(await ids({ lifecycleStage: 'OPERATION_AND_MONITORING' })).toEqual([b.id]);
      expect(await ids({ ownerId: officerB.userId })).toEqual([c.id]);
      expect(await ids({ text: 'CHAT' })).toEqual([a.id]);
      expect(await ids({ text: '100%' })).toEqual([c.id]);
      expect(await ids({ text: '0%' })).toEqual([c.id]);
      expect(await ids({ text: '_' })).toEqual([]);

      const first = (await gqlOk<any>(t.http, o.ownerToken, LIST, { first: 2 })).aiSystems;
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (
        await gqlOk<any>(t.http, o.ownerToken, LIST, { first: 2, after: first.pageInfo.endCursor })
      ).aiSystems;
      expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual([c.id, b.id, a.id]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('EU AI Act classification', () => {
    const cases: {
      name: string;
      answers: Record<string, unknown>;
      tier: string;
      basis: string[];
      obligations: string[];
    }[] = [
      {
        name: 'CV screening',
        answers: { annexIIIPoints: ['ANNEX_III_4_A'] },
        tier: 'HIGH_RISK',
        basis: ['Annex III 4(a)'],
        obligations: [],
      },
      {
        name: 'customer chatbot',
        answers: { transparencyTriggers: ['INTERACTS_WITH_PEOPLE'] },
        tier: 'LIMITED_RISK',
        basis: ['Art. 50(1)'],
        obligations: ['Art. 50(1)'],
      },
      {
        name: 'credit scoring that profiles',
        answers: {
          annexIIIPoints: ['ANNEX_III_5_B'],
          profiling: true,
          derogationConditions: ['PREPARATORY_TASK'],
        },
        tier: 'HIGH_RISK',
        basis: ['Annex III 5(b)', 'Art. 6(3)'],
        obligations: [],
      },
      { name: 'code assistant', answers: {}, tier: 'MINIMAL_RISK', basis: ['Art. 4'], obligations: [] },
      {
        name: 'social scoring with a chatbot',
        answers: { prohibitedPractices: ['SOCIAL_SCORING'], transparencyTriggers: ['INTERACTS_WITH_PEOPLE'] },
        tier: 'PROHIBITED',
        basis: ['Art. 5(1)(c)'],
        // A system that may not be placed at all carries no Art. 50 duty.
        obligations: [],
      },
    ];
    it.each(cases)('$name → $tier', async ({ name, answers, tier, basis, obligations }) => {
      const system = await create({ name });
      const classified = (
        await gqlOk<any>(t.http, officer, CLASSIFY, { input: { aiSystemId: system.id, answers } })
      ).classifyAISystem.aiSystem;
      expect(classified.tier).toBe(tier);
      expect(classified.tierBasis.map((b: any) => b.reference)).toEqual(basis);
      expect(classified.tierBasis.every((b: any) => b.urn.startsWith('urn:aims:req:eu-ai-act:'))).toBe(true);
      expect(classified.transparencyObligations.map((o: any) => o.reference)).toEqual(obligations);
      expect(classified.classifiedAt).toBe(clock.now().toISOString());
    });

    it('re-derives the tier when the answers change and can classify at creation', async () => {
      const system = await create({
        name: 'Exam proctor',
        euAiActAnswers: { annexIIIPoints: ['ANNEX_III_3_D'] },
      });
      expect(system.tier).toBe('HIGH_RISK');
      const lifted = (
        await gqlOk<any>(t.http, officer, CLASSIFY, {
          input: {
            aiSystemId: system.id,
            answers: { annexIIIPoints: ['ANNEX_III_3_D'], derogationConditions: ['NARROW_PROCEDURAL_TASK'] },
          },
        })
      ).classifyAISystem.aiSystem;
      expect(lifted).toMatchObject({ tier: 'MINIMAL_RISK', derogationApplied: true });
      expect(lifted.tierBasis.map((b: any) => b.reference)).toEqual([
        'Art. 6(3)',
        'Art. 6(4)',
        'Art. 49(2)',
        'Art. 4',
      ]);
      expect(lifted.tierAnswers).toMatchObject({
        annexIIIPoints: ['ANNEX_III_3_D'],
        profiling: false,
        prohibitedPractices: [],
      });
      const audit = await sql(
        "SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = 'ai_system.classified' AND entity_id = $2 ORDER BY seq",
        [org.organisationId, system.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].changes.tier).toEqual({ from: 'HIGH_RISK', to: 'MINIMAL_RISK' });
    });
  });

  describe('TC260 grading', () => {
    it('grades from the three factors with the documented default table', async () => {
      const rules = (await gqlOk<any>(t.http, tokens[Role.AUDITOR], RULE_TABLE)).tc260RuleTable;
      expect(rules.isDefault).toBe(true);
      expect(rules.base).toHaveLength(9);
      const system = await create({
        name: 'Grid dispatcher',
        intelligenceLevel: 'ADVANCED',
        scenarioCriticality: 'CRITICAL',
        applicationScale: 'LARGE',
      });
      expect(system.grade).toBe('EXTREMELY_SEVERE');
      expect(system.gradedAt).toBe(clock.now().toISOString());
      const partial = await create({ name: 'Half known', intelligenceLevel: 'ADVANCED' });
      expect(partial.grade).toBeNull();
    });

    it('re-grades on a factor change and announces ai_system.regraded only when the grade moves', async () => {
      const system = await create({
        name: 'Loan pricing',
        intelligenceLevel: 'BASIC',
        scenarioCriticality: 'SENSITIVE',
        applicationScale: 'SMALL',
      });
      expect(system.grade).toBe('MEDIUM');
      const regradedFor = async () =>
        (await events(org.organisationId, 'ai_system.regraded')).filter((p) => p.aiSystemId === system.id);

      await gqlOk(t.http, officer, UPDATE, { input: { id: system.id, applicationScale: 'MEDIUM' } });
      expect(await regradedFor()).toEqual([]);
      const up = (
        await gqlOk<any>(t.http, officer, UPDATE, { input: { id: system.id, applicationScale: 'LARGE' } })
      ).updateAISystem.aiSystem;
      expect(up.grade).toBe('HIGH');
      expect(await regradedFor()).toEqual([
        expect.objectContaining({ fromGrade: 'MEDIUM', toGrade: 'HIGH' }),
      ]);
      await gqlOk(t.http, officer, UPDATE, { input: { id: system.id, name: 'Loan pricing v2' } });
      expect(await regradedFor()).toHaveLength(1);
      const cleared = (
        await gqlOk<any>(t.http, officer, UPDATE, { input: { id: system.id, intelligenceLevel: null } })
      ).updateAISystem.aiSystem;
      expect(cleared.grade).toBeNull();
      expect(await regradedFor()).toHaveLength(2);
    });

    it('replaces the rule table per organisation and re-grades every AI system with it', async () => {
      const o = await createOrg(t.http, 'Strict grading org');
      const mk = (name: string, scale: string) =>
        create(
          { name, intelligenceLevel: 'BASIC', scenarioCriticality: 'GENERAL', applicationScale: scale },
          o.ownerToken,
        );
      const small = await mk('Small', 'SMALL');
      const large = await mk('Large', 'LARGE');
      expect([small.grade, large.grade]).toEqual(['LOW', 'MEDIUM']);

      const defaults = (await gqlOk<any>(t.http, o.ownerToken, RULE_TABLE)).tc260RuleTable;
      const strict = {
        base: defaults.base.map((r: any) => ({
          ...r,
          grade: r.scenarioCriticality === 'GENERAL' ? 'MEDIUM' : 'VERY_HIGH',
        })),
        scaleSteps: [
          { applicationScale: 'SMALL', steps: 0 },
          { applicationScale: 'MEDIUM', steps: 1 },
          { applicationScale: 'LARGE', steps: 1 },
        ],
      };
      const result = (await gqlOk<any>(t.http, o.ownerToken, UPDATE_RULES, { input: strict }))
        .updateTc260RuleTable;
      expect(result.ruleTable.isDefault).toBe(false);
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(result.regraded.map((s: any) => ({ id: s.id, grade: s.grade }))).toEqual(
        expect.arrayContaining([
          { id: small.id, grade: 'MEDIUM' },
          { id: large.id, grade: 'HIGH' },
        ]),
      );
      expect(result.regraded).toHaveLength(2);
      const announced = (await events(o.organisationId, 'ai_system.regraded')).sort(byName);
      expect(announced.map((p) => [p.name, p.fromGrade, p.toGrade])).toEqual([
        ['Large', 'MEDIUM', 'HIGH'],
        ['Small', 'LOW', 'MEDIUM'],
      ]);
      expect((await gqlOk<any>(t.http, o.ownerToken, RULE_TABLE)).tc260RuleTable.isDefault).toBe(false);
      expect((await gqlOk<any>(t.http, officer, RULE_TABLE)).tc260RuleTable.isDefault).toBe(true);

      const again = (await gqlOk<any>(t.http, o.ownerToken, UPDATE_RULES, { input: strict }))
        .updateTc260RuleTable;
      expect(again.regraded).toEqual([]);
    });
  });

  describe('impact assessments', () => {
    it('versions drafts, freezes on approval, and keeps the author from approving', async () => {
      const system = await create({ name: 'Assessed system' });
      const v1 = (
        await gqlOk<any>(t.http, officer, CREATE_IA, {
          input: {
            aiSystemId: system.id,
            scope: 'Recruitment pipeline in the EU',
            interestedParties: ['Applicants', 'Recruiters'],
            impacts: [
              {
                kind: 'HARM',
                description: 'Unfair rejection',
                affectedGroup: 'Applicants',
                severity: 4,
                likelihood: 3,
              },
              {
                kind: 'BENEFIT',
                description: 'Faster replies',
                affectedGroup: 'Applicants',
                severity: 2,
                likelihood: 5,
              },
            ],
            measures: ['Human review of every rejection'],
          },
        })
      ).createImpactAssessment.impactAssessment;
      expect(v1).toMatchObject({ version: 1, status: 'DRAFT', approvedAt: null });
      expect(v1.impacts).toHaveLength(2);

      const edited = (
        await gqlOk<any>(t.http, officer, UPDATE_IA, {
          input: { id: v1.id, scope: 'Recruitment in the EU and UK' },
        })
      ).updateImpactAssessment.impactAssessment;
      expect(edited.scope).toBe('Recruitment in the EU and UK');

      const own = await gql(t.http, officer, APPROVE_IA, { input: { id: v1.id } });
      expect(errorCode(own)).toBe('FORBIDDEN');
      // Someone who edited the draft is no second pair of eyes either.
      const editedByAdmin = (
        await gqlOk<any>(t.http, tokens[Role.ADMIN], UPDATE_IA, {
          input: { id: v1.id, measures: ['Human review of every rejection', 'Quarterly bias audit'] },
        })
      ).updateImpactAssessment.impactAssessment;
      expect(editedByAdmin.editorIds).toHaveLength(1);
      const editorApproves = await gql(t.http, tokens[Role.ADMIN], APPROVE_IA, { input: { id: v1.id } });
      expect(errorCode(editorApproves)).toBe('FORBIDDEN');
      const approved = (
        await gqlOk<any>(t.http, org.ownerToken, APPROVE_IA, { input: { id: v1.id, comment: 'ok' } })
      ).approveImpactAssessment.impactAssessment;
      expect(approved).toMatchObject({
        status: 'APPROVED',
        approvedById: org.ownerId,
        approvedAt: clock.now().toISOString(),
      });
      expect(new Date(approved.nextReviewAt).getTime()).toBeGreaterThan(clock.now().getTime());

      expect(
        errorCode(await gql(t.http, officer, UPDATE_IA, { input: { id: v1.id, scope: 'changed' } })),
      ).toBe('CONFLICT');
      expect(errorCode(await gql(t.http, tokens[Role.ADMIN], APPROVE_IA, { input: { id: v1.id } }))).toBe(
        'CONFLICT',
      );

      const v2 = (
        await gqlOk<any>(t.http, tokens[Role.ADMIN], CREATE_IA, {
          input: { aiSystemId: system.id, scope: 'Second look' },
        })
      ).createImpactAssessment.impactAssessment;
      expect(v2.version).toBe(2);
      const detail = (await gqlOk<any>(t.http, tokens[Role.VIEWER], GET, { id: system.id })).aiSystem;
      expect(detail.impactAssessments.map((a: any) => [a.version, a.status])).toEqual([
        [2, 'DRAFT'],
        [1, 'APPROVED'],
      ]);
      const frozen = (
        await gqlOk<any>(
          t.http,
          tokens[Role.AUDITOR],
          `query($id: ID!) { impactAssessment(id: $id) { ${IA} } }`,
          { id: v1.id },
        )
      ).impactAssessment;
      expect(frozen.scope).toBe('Recruitment in the EU and UK');
    });
  });

  describe('access', () => {
    const ALL = Object.values(Role);
    const GOVERN = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: {
      name: string;
      allowed: Role[];
      query: string;
      variables: () => Record<string, unknown>;
    }[] = [
      { name: 'aiSystems', allowed: ALL, query: '{ aiSystems { totalCount } }', variables: () => ({}) },
      {
        name: 'aiSystem',
        allowed: ALL,
        query: 'query($id: ID!) { aiSystem(id: $id) { id } }',
        variables: () => ({ id: missing }),
      },
      {
        name: 'impactAssessment',
        allowed: ALL,
        query: 'query($id: ID!) { impactAssessment(id: $id) { id } }',
        variables: () => ({ id: missing }),
      },
      {
        name: 'tc260RuleTable',
        allowed: ALL,
        query: '{ tc260RuleTable { isDefault } }',
        variables: () => ({}),
      },
      {
        name: 'createAISystem',
        allowed: GOVERN,
        query: CREATE,
        variables: () => ({ input: { ...base, name: 'Matrix' } }),
      },
      {
        name: 'updateAISystem',
        allowed: GOVERN,
        query: UPDATE,
        variables: () => ({ input: { id: missing, name: 'x' } }),
      },
      {
        name: 'classifyAISystem',
        allowed: GOVERN,
        query: CLASSIFY,
        variables: () => ({ input: { aiSystemId: missing, answers: {} } }),
      },
      {
        name: 'createImpactAssessment',
        allowed: GOVERN,
        query: CREATE_IA,
        variables: () => ({ input: { aiSystemId: missing, scope: 's' } }),
      },
      {
        name: 'updateImpactAssessment',
        allowed: GOVERN,
        query: UPDATE_IA,
        variables: () => ({ input: { id: missing, scope: 's' } }),
      },
      {
        name: 'approveImpactAssessment',
        allowed: GOVERN,
        query: APPROVE_IA,
        variables: () => ({ input: { id: missing } }),
      },
      {
        name: 'updateTc260RuleTable',
        allowed: GOVERN,
        query: UPDATE_RULES,
        variables: () => ({ input: { base: [], scaleSteps: [] } }),
      },
    ];
    describe.each(cases)('$name', ({ allowed, query, variables }) => {
      it.each(ALL)('%s', async (role) => {
        const res = await gql(t.http, tokens[role], query, variables());
        if (allowed.includes(role)) expect(errorCode(res)).not.toBe('FORBIDDEN');
        else expect(errorCode(res)).toBe('FORBIDDEN');
      });
    });

    it('lets AUDITOR and VIEWER write nothing', async () => {
      const before = await footprint(org.organisationId);
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        expect(errorCode(await gql(t.http, tokens[role], CREATE, { input: { ...base, name: 'Nope' } }))).toBe(
          'FORBIDDEN',
        );
      }
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });

  describe('tenancy', () => {
    let foreign: { system: string; assessment: string; draft: string };
    let otherToken: string;
    beforeAll(async () => {
      const system = await create({ name: 'Foreign system' });
      const assessment = (
        await gqlOk<any>(t.http, officer, CREATE_IA, { input: { aiSystemId: system.id, scope: 'x' } })
      ).createImpactAssessment.impactAssessment;
      const draft = (
        await gqlOk<any>(t.http, officer, CREATE_IA, { input: { aiSystemId: system.id, scope: 'y' } })
      ).createImpactAssessment.impactAssessment;
      foreign = { system: system.id, assessment: assessment.id, draft: draft.id };
      otherToken = (await createOrg(t.http, 'Other tenant')).ownerToken;
    });

    it.each([
      ['aiSystem', 'system', (id: string) => gql(t.http, otherToken, GET, { id })],
      [
        'updateAISystem',
        'system',
        (id: string) => gql(t.http, otherToken, UPDATE, { input: { id, name: 'stolen' } }),
      ],
      [
        'classifyAISystem',
        'system',
        (id: string) => gql(t.http, otherToken, CLASSIFY, { input: { aiSystemId: id, answers: {} } }),
      ],
      [
        'createImpactAssessment',
        'system',
        (id: string) => gql(t.http, otherToken, CREATE_IA, { input: { aiSystemId: id, scope: 's' } }),
      ],
      [
        'impactAssessment',
        'assessment',
        (id: string) =>
          gql(t.http, otherToken, `query($id: ID!) { impactAssessment(id: $id) { id } }`, { id }),
      ],
      [
        'updateImpactAssessment',
        'draft',
        (id: string) => gql(t.http, otherToken, UPDATE_IA, { input: { id, scope: 's' } }),
      ],
      [
        'approveImpactAssessment',
        'draft',
        (id: string) => gql(t.http, otherToken, APPROVE_IA, { input: { id } }),
      ],
    ] as const)('%s treats a foreign id as missing', async (_, which, run) => {
      await expectForeignIdBehavesAsMissing(run, foreign[which]);
    });

    it('keeps other organisations’ systems out of lists and away from owners', async () => {
      const listed = (await gqlOk<any>(t.http, otherToken, LIST, {})).aiSystems;
      expect(listed.edges.map((e: any) => e.node.id)).not.toContain(foreign.system);
      const outsider = await createOrg(t.http, 'Outsider');
      const res = await gql(t.http, officer, CREATE, {
        input: { ...base, name: 'x', ownerId: outsider.ownerId },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['input.ownerId']);
    });
  });

  describe('bad input writes nothing', () => {
    let system: any;
    let draft: any;
    beforeAll(async () => {
      system = await create({ name: 'Target' });
      draft = (
        await gqlOk<any>(t.http, officer, CREATE_IA, { input: { aiSystemId: system.id, scope: 'Draft' } })
      ).createImpactAssessment.impactAssessment;
    });
    const cases: [string, string, () => Record<string, unknown>, string[]][] = [
      ['createAISystem: empty name', CREATE, () => ({ input: { ...base, name: '  ' } }), ['input.name']],
      [
        'createAISystem: unknown owner',
        CREATE,
        () => ({ input: { ...base, name: 'x', ownerId: randomUUID() } }),
        ['input.ownerId'],
      ],
      [
        'createAISystem: too many data categories',
        CREATE,
        () => ({
          input: { ...base, name: 'x', dataCategories: Array.from({ length: 51 }, (_, i) => `c${i}`) },
        }),
        ['input.dataCategories'],
      ],
      ['updateAISystem: null name', UPDATE, () => ({ input: { id: system.id, name: null } }), ['input.name']],
      [
        'updateAISystem: null stage',
        UPDATE,
        () => ({ input: { id: system.id, lifecycleStage: null } }),
        ['input.lifecycleStage'],
      ],
      ['updateAISystem: id not a UUID', UPDATE, () => ({ input: { id: 'nope', name: 'x' } }), ['input.id']],
      [
        'updateAISystem: non-member owner',
        UPDATE,
        () => ({ input: { id: system.id, ownerId: randomUUID() } }),
        ['input.ownerId'],
      ],
      [
        'classifyAISystem: id not a UUID',
        CLASSIFY,
        () => ({ input: { aiSystemId: '42', answers: {} } }),
        ['input.aiSystemId'],
      ],
      [
        'createImpactAssessment: empty scope',
        CREATE_IA,
        () => ({ input: { aiSystemId: system.id, scope: '' } }),
        ['input.scope'],
      ],
      [
        'createImpactAssessment: severity out of range',
        CREATE_IA,
        () => ({
          input: {
            aiSystemId: system.id,
            scope: 's',
            impacts: [{ kind: 'HARM', description: 'd', affectedGroup: 'g', severity: 7, likelihood: 1 }],
          },
        }),
        ['input.impacts.0.severity'],
      ],
      [
        'updateImpactAssessment: empty scope',
        UPDATE_IA,
        () => ({ input: { id: draft.id, scope: '' } }),
        ['input.scope'],
      ],
      ['approveImpactAssessment: id not a UUID', APPROVE_IA, () => ({ input: { id: 'x' } }), ['input.id']],
      [
        'approveImpactAssessment: comment too long',
        APPROVE_IA,
        () => ({ input: { id: draft.id, comment: 'x'.repeat(2001) } }),
        ['input.comment'],
      ],
      [
        'updateTc260RuleTable: incomplete table',
        UPDATE_RULES,
        () => ({
          input: {
            base: [{ scenarioCriticality: 'GENERAL', intelligenceLevel: 'BASIC', grade: 'LOW' }],
            scaleSteps: [
              { applicationScale: 'SMALL', steps: 0 },
              { applicationScale: 'MEDIUM', steps: 0 },
              { applicationScale: 'LARGE', steps: 1 },
            ],
          },
        }),
        ['input.base'],
      ],
      [
        'updateTc260RuleTable: shrinking steps',
        UPDATE_RULES,
        () => ({
          input: {
            base: ['GENERAL', 'SENSITIVE', 'CRITICAL'].flatMap((s) =>
              ['BASIC', 'ADVANCED', 'FRONTIER'].map((i) => ({
                scenarioCriticality: s,
                intelligenceLevel: i,
                grade: 'MEDIUM',
              })),
            ),
            scaleSteps: [
              { applicationScale: 'SMALL', steps: 2 },
              { applicationScale: 'MEDIUM', steps: 0 },
              { applicationScale: 'LARGE', steps: 1 },
            ],
          },
        }),
        ['input.scaleSteps'],
      ],
    ];
    it.each(cases)('%s', async (_, query, variables, fields) => {
      const before = await footprint(org.organisationId);
      const res = await gql(t.http, officer, query, variables());
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect([...new Set(badFields(res))]).toEqual(fields);
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });
});
