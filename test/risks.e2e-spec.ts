import { randomUUID } from 'node:crypto';
import { ManualClock, Role } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { addMember, createOrg, TestOrg, tokensByRole } from './support/factory';
import { badFields, errorCode, gql, gqlOk } from './support/gql';
import { expectForeignIdBehavesAsMissing } from './support/tenancy';

const DAY = 24 * 3600 * 1000;
const URN = {
  sourceTransparency: 'urn:aims:req:iso-iec-23894-2023:b.3',
  sourceDataQuality: 'urn:aims:req:iso-iec-23894-2023:b.5.data-quality',
  clause: 'urn:aims:req:iso-iec-23894-2023:6.4.2',
  bias: 'urn:aims:req:tc260-1.0:inherent.model.bias',
  inherentCategory: 'urn:aims:req:tc260-1.0:inherent',
  tc260Measure: 'urn:aims:req:tc260-1.0:4.1',
  fair: 'urn:aims:req:nist-ai-rmf-1.0:trustworthy.fair',
  tc260Factor: 'urn:aims:req:tc260-2.0:factor.application-scale',
  controlVerification: 'urn:aims:req:iso-iec-42001-2023:a.6.2.4',
  controlArea: 'urn:aims:req:iso-iec-42001-2023:a.6',
};

const LEVEL = 'index label aboveAppetite';
const RISK = `id title description status lifecycleStage ownerId owner { id }
  riskSourceUrns tc260NodeUrns trustworthinessCharacteristicUrns controlUrns
  riskSources { urn refId kind } tc260Nodes { urn kind } trustworthinessCharacteristics { urn } controls { urn refId }
  aiSystems { id name }
  inherentLikelihood inherentConsequence inherentLevel { ${LEVEL} }
  residualLikelihood residualConsequence residualLevel { ${LEVEL} } currentLevel { ${LEVEL} } aboveAppetite
  treatmentOption treatmentActions { title ownerId dueDate status }
  acceptance { acceptedByType acceptedById acceptedAt acceptedUntil rationale overrideReason acceptedLevel expired }
  acceptedUntil lastAssessedAt nextReviewAt reviewRequestedAt reviewOverdue closedAt closeReason
  latestAssessment { sequence inherentLevel { ${LEVEL} } residualLevel { ${LEVEL} } }`;
const CRITERIA = `likelihoodScale { value label } consequenceScale { value label }
  levels { index label reviewCadenceDays aboveAppetite } grid appetiteLevel version isDefault`;

const Q = {
  criteria: `{ riskCriteria { ${CRITERIA} } }`,
  updateCriteria: `mutation($input: UpdateRiskCriteriaInput!) { updateRiskCriteria(input: $input) { riskCriteria { ${CRITERIA} } recomputedRisks } }`,
  create: `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { ${RISK} } } }`,
  update: `mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { risk { ${RISK} } } }`,
  assess: `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { risk { ${RISK} } assessment { id sequence status criteriaVersion inherentLevel { ${LEVEL} } residualLevel { ${LEVEL} } } } }`,
  treat: `mutation($input: SetRiskTreatmentInput!) { setRiskTreatment(input: $input) { risk { ${RISK} } } }`,
  accept: `mutation($input: AcceptRiskInput!) { acceptRisk(input: $input) { risk { ${RISK} } } }`,
  close: `mutation($input: CloseRiskInput!) { closeRisk(input: $input) { risk { ${RISK} } } }`,
  get: `query($id: ID!) { risk(id: $id) { ${RISK} assessments { sequence } } }`,
  history: `query($riskId: ID!, $first: Int, $after: String) { riskAssessments(riskId: $riskId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { sequence assessedAt inherentLikelihood inherentConsequence
    residualLikelihood residualConsequence criteriaVersion status inherentLevel { ${LEVEL} } residualLevel { ${LEVEL} } } } } }`,
  list: `query($filter: RiskFilter, $first: Int, $after: String) { risks(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id title } } } }`,
  createKey: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
  createSystem: `mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }`,
  updateSystem: `mutation($input: UpdateAISystemInput!) { updateAISystem(input: $input) { aiSystem { id grade } } }`,
  classifySystem: `mutation($input: ClassifyAISystemInput!) { classifyAISystem(input: $input) { aiSystem { id tier } } }`,
};

const labels = (...l: string[]) => l.map((label) => ({ label }));
/** A custom 4×4: three levels, nothing above the lowest is within appetite. */
const FOUR_BY_FOUR = {
  likelihoodScale: labels('Unlikely', 'Possible', 'Likely', 'Certain'),
  consequenceScale: labels('Minor', 'Significant', 'Serious', 'Critical'),
  levels: [
    { label: 'Acceptable', reviewCadenceDays: 365 },
    { label: 'Tolerable', reviewCadenceDays: 120 },
    { label: 'Intolerable', reviewCadenceDays: 14 },
  ],
  grid: [
    [0, 0, 1, 1],
    [0, 1, 1, 2],
    [1, 1, 2, 2],
    [1, 2, 2, 2],
  ],
  appetiteLevel: 0,
};
const DEFAULT_GRID = [
  [0, 0, 1, 1, 3],
  [0, 1, 2, 2, 3],
  [1, 2, 2, 3, 3],
  [1, 2, 3, 3, 4],
  [2, 3, 3, 4, 4],
];

describe('risk register', () => {
  let t: TestApp;
  let org: TestOrg;
  let tokens: Record<Role, string>;
  let officer: string;
  let officerId: string;
  const clock = new ManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

  const sql = async (query: string, params: unknown[] = []) =>
    (await t.runtime.dataSource.query(query, params)) as any[];
  const footprint = async (organisationId: string) =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM risk WHERE organisation_id = $1)::int AS risks,
                (SELECT count(*) FROM risk_ai_system WHERE organisation_id = $1)::int AS links,
                (SELECT count(*) FROM risk_assessment WHERE organisation_id = $1)::int AS assessments,
                (SELECT count(*) FROM risk_criteria WHERE organisation_id = $1)::int AS criteria,
                (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audits,
                (SELECT count(*) FROM outbox_event WHERE organisation_id = $1)::int AS events,
                (SELECT coalesce(max(updated_at), 'epoch') FROM risk WHERE organisation_id = $1) AS touched`,
        [organisationId],
      )
    )[0];
  const eventTypes = async (organisationId: string, riskId: string) =>
    (
      await sql(
        "SELECT type FROM outbox_event WHERE organisation_id = $1 AND type LIKE 'risk.%' AND payload->>'riskId' = $2 ORDER BY created_at, id",
        [organisationId, riskId],
      )
    ).map((r) => r.type);

  const run = async (name: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(t.http, token, Q[name], { input }))[0] as any;
  const createRisk = async (input: Record<string, unknown> = {}, token = officer) =>
    (await run('create', { title: 'A risk', ...input }, token)).risk;
  const assess = async (riskId: string, scores: Record<string, unknown>, token = officer) =>
    run('assess', { riskId, ...scores }, token);
  const createSystem = async (name: string, token = officer, extra: Record<string, unknown> = {}) =>
    (
      await run(
        'createSystem',
        { name, role: 'DEPLOYER', lifecycleStage: 'OPERATION_AND_MONITORING', ...extra },
        token,
      )
    ).aiSystem;
  /** API keys do not expire with the clock, so they act while a test travels in time (tokens would). */
  const apiKey = async (ownerToken: string, role: Role) =>
    (await run('createKey', { name: `time travel ${role}`, role }, ownerToken)).secret as string;
  const travel = async (days: number, fn: () => Promise<void>) => {
    clock.advance(days * DAY);
    try {
      await fn();
    } finally {
      clock.advance(-days * DAY);
    }
  };
  /** A risk taken to EVALUATED with an inherent score. */
  const evaluated = async (
    inherent: { likelihood: number; consequence: number },
    input: Record<string, unknown> = {},
    token = officer,
  ) => {
    const risk = await createRisk(input, token);
    await assess(risk.id, { inherent }, token);
    return (await run('update', { id: risk.id, status: 'EVALUATED' }, token)).risk;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    org = await createOrg(t.http, 'Risk org');
    tokens = await tokensByRole(t.http, org);
    officer = tokens[Role.COMPLIANCE_OFFICER];
    officerId = (await gqlOk<any>(t.http, officer, '{ me { user { id } } }')).me.user.id;
  });
  afterAll(() => t.close());

  describe('criteria', () => {
    it('default to the 5×5 grid with five levels, appetite at medium and the SPEC cadences', async () => {
      const c = (await gqlOk<any>(t.http, tokens[Role.VIEWER], Q.criteria)).riskCriteria;
      expect(c).toMatchObject({ isDefault: true, appetiteLevel: 2, version: 1, grid: DEFAULT_GRID });
      expect(c.likelihoodScale.map((p: any) => p.label)).toEqual([
        'Rare',
        'Unlikely',
        'Possible',
        'Likely',
        'Almost certain',
      ]);
      expect(c.consequenceScale.map((p: any) => p.value)).toEqual([1, 2, 3, 4, 5]);
      expect(c.levels.map((l: any) => [l.label, l.reviewCadenceDays, l.aboveAppetite])).toEqual([
        ['Very low', 365, false],
        ['Low', 365, false],
        ['Medium', 180, false],
        ['High', 90, true],
        ['Very high', 30, true],
      ]);
    });

    it('can be replaced by a custom 4×4 grid, used for every score after', async () => {
      const o = await createOrg(t.http, 'Custom criteria org');
      const c = (await run('updateCriteria', FOUR_BY_FOUR, o.ownerToken)).riskCriteria;
      expect(c).toMatchObject({ isDefault: false, version: 2, appetiteLevel: 0, grid: FOUR_BY_FOUR.grid });
      expect(c.levels.map((l: any) => l.aboveAppetite)).toEqual([false, true, true]);

      const risk = await createRisk({ title: 'Custom scored' }, o.ownerToken);
      const cases: [number, number, string, number][] = [
        [1, 1, 'Acceptable', 365],
        [1, 3, 'Tolerable', 120],
        [4, 4, 'Intolerable', 14],
      ];
      for (const [likelihood, consequence, label, days] of cases) {
        const { risk: scored } = await assess(
          risk.id,
          { inherent: { likelihood, consequence } },
          o.ownerToken,
        );
        expect(scored.inherentLevel.label).toBe(label);
        expect(scored.nextReviewAt).toBe(at(days));
      }
      const res = await gql(t.http, o.ownerToken, Q.assess, {
        input: { riskId: risk.id, inherent: { likelihood: 5, consequence: 1 } },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['input.inherent.likelihood']);
      expect((await gqlOk<any>(t.http, officer, Q.criteria)).riskCriteria.isDefault).toBe(true);
    });

    it('changes recompute every risk’s levels and next review in one audited transaction', async () => {
      const o = await createOrg(t.http, 'Recompute org');
      const admin = await apiKey(o.ownerToken, Role.ADMIN);
      const high = await createRisk({ title: 'High one' }, o.ownerToken);
      await assess(high.id, { inherent: { likelihood: 4, consequence: 4 } }, o.ownerToken);
      const low = await createRisk({ title: 'Low one' }, o.ownerToken);
      await assess(low.id, { inherent: { likelihood: 1, consequence: 1 } }, o.ownerToken);
      const unscored = await createRisk({ title: 'Unscored' }, o.ownerToken);
      const assessedAt = clock.now().getTime();
      const since = (days: number) => new Date(assessedAt + days * DAY).toISOString();

      await travel(10, async () => {
        const harsher = {
          likelihoodScale: labels('1', '2', '3', '4', '5'),
          consequenceScale: labels('a', 'b', 'c', 'd', 'e'),
          levels: [
            { label: 'Green', reviewCadenceDays: 200 },
            { label: 'Red', reviewCadenceDays: 20 },
          ],
          grid: DEFAULT_GRID.map((row) => row.map((v) => (v >= 2 ? 1 : 0))),
          appetiteLevel: 0,
        };
        const result = await run('updateCriteria', harsher, admin);
        expect(result.recomputedRisks).toBe(2);
        const get = async (id: string) => (await gqlOk<any>(t.http, admin, Q.get, { id })).risk;
        const h = await get(high.id);
        expect(h.inherentLevel).toEqual({ index: 1, label: 'Red', aboveAppetite: true });
        expect(h.nextReviewAt).toBe(since(20));
        const l = await get(low.id);
        expect(l.inherentLevel).toEqual({ index: 0, label: 'Green', aboveAppetite: false });
        expect(l.nextReviewAt).toBe(since(200));
        expect((await get(unscored.id)).nextReviewAt).toBeNull();
      });

      const actions = await sql(
        'SELECT action FROM audit_event WHERE organisation_id = $1 ORDER BY seq DESC LIMIT 3',
        [o.organisationId],
      );
      expect(actions.map((a) => a.action).sort()).toEqual([
        'risk.levels_recomputed',
        'risk.levels_recomputed',
        'risk_criteria.updated',
      ]);
      const history = (await gqlOk<any>(t.http, o.ownerToken, Q.history, { riskId: high.id })).riskAssessments
        .edges;
      expect(history.map((e: any) => [e.node.inherentLevel.label, e.node.criteriaVersion])).toEqual([
        ['High', 1],
      ]);
    });

    it('refuse to shrink a scale below a score a risk holds, writing nothing', async () => {
      const o = await createOrg(t.http, 'Shrink org');
      const risk = await createRisk({}, o.ownerToken);
      await assess(risk.id, { inherent: { likelihood: 5, consequence: 2 } }, o.ownerToken);
      const before = await footprint(o.organisationId);
      const res = await gql(t.http, o.ownerToken, Q.updateCriteria, { input: FOUR_BY_FOUR });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['input.likelihoodScale']);
      expect(await footprint(o.organisationId)).toEqual(before);
    });

    const invalid: [string, Record<string, unknown>, string[]][] = [
      [
        'an 8-point likelihood scale',
        { likelihoodScale: labels('1', '2', '3', '4', '5', '6', '7', '8') },
        ['input.likelihoodScale', 'input.grid'],
      ],
      [
        'a 2-point consequence scale',
        { consequenceScale: labels('a', 'b') },
        ['input.consequenceScale', 'input.grid'],
      ],
      [
        'a ragged grid',
        {
          grid: [
            [0, 0, 1, 1],
            [0, 1, 1, 2],
            [1, 1, 2, 2],
            [1, 2, 2],
          ],
        },
        ['input.grid'],
      ],
      [
        'a decreasing grid',
        {
          grid: [
            [1, 0, 1, 1],
            [0, 1, 1, 2],
            [1, 1, 2, 2],
            [1, 2, 2, 2],
          ],
        },
        ['input.grid'],
      ],
      [
        'a cell naming no level',
        {
          grid: [
            [0, 0, 1, 1],
            [0, 1, 1, 2],
            [1, 1, 2, 2],
            [1, 2, 2, 3],
          ],
        },
        ['input.grid'],
      ],
      ['an appetite beyond the levels', { appetiteLevel: 3 }, ['input.appetiteLevel']],
      [
        'duplicate level labels',
        {
          levels: [
            { label: 'A', reviewCadenceDays: 10 },
            { label: 'a', reviewCadenceDays: 5 },
            { label: 'B', reviewCadenceDays: 1 },
          ],
        },
        ['input.levels'],
      ],
      [
        'a slower review for a higher level',
        {
          levels: [
            { label: 'A', reviewCadenceDays: 10 },
            { label: 'B', reviewCadenceDays: 50 },
            { label: 'C', reviewCadenceDays: 1 },
          ],
        },
        ['input.levels'],
      ],
      [
        'a zero cadence',
        {
          levels: [
            { label: 'A', reviewCadenceDays: 0 },
            { label: 'B', reviewCadenceDays: 0 },
            { label: 'C', reviewCadenceDays: 0 },
          ],
        },
        [
          'input.levels.0.reviewCadenceDays',
          'input.levels.1.reviewCadenceDays',
          'input.levels.2.reviewCadenceDays',
        ],
      ],
    ];
    it.each(invalid)('reject %s, writing nothing', async (_, change, fields) => {
      const before = await footprint(org.organisationId);
      const res = await gql(t.http, officer, Q.updateCriteria, { input: { ...FOUR_BY_FOUR, ...change } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect([...new Set(badFields(res))]).toEqual(fields);
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });

  describe('the ISO/IEC 23894 process', () => {
    it('drives a risk from identification to closure, with events and an immutable history', async () => {
      const system = await createSystem('CV screener');
      const identified = await createRisk({
        title: 'Biased ranking of applicants',
        description: 'Historic hiring data under-ranks some groups',
        lifecycleStage: 'OPERATION_AND_MONITORING',
        aiSystemIds: [system.id],
        riskSourceUrns: [URN.sourceDataQuality, URN.sourceTransparency],
        tc260NodeUrns: [URN.bias],
        trustworthinessCharacteristicUrns: [URN.fair],
      });
      expect(identified).toMatchObject({
        status: 'IDENTIFIED',
        ownerId: officerId,
        aiSystems: [{ id: system.id, name: 'CV screener' }],
        tc260Nodes: [{ urn: URN.bias, kind: 'RISK' }],
        trustworthinessCharacteristics: [{ urn: URN.fair }],
        inherentLevel: null,
        nextReviewAt: null,
        latestAssessment: null,
      });
      expect(identified.riskSources.map((r: any) => r.kind)).toEqual(['RISK_SOURCE', 'RISK_SOURCE']);
      const id = identified.id;

      const analysed = await assess(id, {
        inherent: { likelihood: 4, consequence: 5 },
        note: 'before any control',
      });
      expect(analysed.risk).toMatchObject({
        status: 'ANALYSED',
        inherentLevel: { index: 4, label: 'Very high', aboveAppetite: true },
        currentLevel: { index: 4 },
        aboveAppetite: true,
        lastAssessedAt: clock.now().toISOString(),
        nextReviewAt: at(30),
      });
      expect(analysed.assessment).toMatchObject({ sequence: 1, status: 'ANALYSED', criteriaVersion: 1 });

      const evaluatedRisk = (await run('update', { id, status: 'EVALUATED' })).risk;
      expect(evaluatedRisk.status).toBe('EVALUATED');

      const owner = await addMember(t.http, org, Role.VIEWER);
      const treated = (
        await run('treat', {
          riskId: id,
          option: 'MODIFY',
          actions: [
            {
              title: 'Re-balance training data',
              ownerId: owner.userId,
              dueDate: at(20),
              status: 'IN_PROGRESS',
            },
            { title: 'Bias testing before each release' },
          ],
          controlUrns: [URN.controlVerification],
        })
      ).risk;
      expect(treated).toMatchObject({
        status: 'TREATING',
        treatmentOption: 'MODIFY',
        controls: [{ urn: URN.controlVerification, refId: 'A.6.2.4' }],
        treatmentActions: [
          {
            title: 'Re-balance training data',
            ownerId: owner.userId,
            dueDate: at(20),
            status: 'IN_PROGRESS',
          },
          { title: 'Bias testing before each release', ownerId: null, dueDate: null, status: 'PLANNED' },
        ],
      });

      const residual = await assess(id, { residual: { likelihood: 1, consequence: 3 } });
      expect(residual.risk).toMatchObject({
        status: 'TREATING',
        inherentLevel: { index: 4 },
        residualLevel: { index: 1, label: 'Low', aboveAppetite: false },
        currentLevel: { index: 1 },
        aboveAppetite: false,
        nextReviewAt: at(365),
      });
      const monitoring = (await run('update', { id, status: 'MONITORING' })).risk;
      expect(monitoring.status).toBe('MONITORING');

      const accepted = (
        await run(
          'accept',
          { riskId: id, rationale: 'Residual risk is low and monitored', acceptedUntil: at(180) },
          org.ownerToken,
        )
      ).risk;
      expect(accepted).toMatchObject({
        status: 'ACCEPTED',
        acceptedUntil: at(180),
        acceptance: {
          acceptedByType: 'USER',
          acceptedById: org.ownerId,
          acceptedAt: clock.now().toISOString(),
          rationale: 'Residual risk is low and monitored',
          overrideReason: null,
          acceptedLevel: 1,
          expired: false,
        },
      });

      const closed = (await run('close', { riskId: id, reason: 'Model retired' })).risk;
      expect(closed).toMatchObject({
        status: 'CLOSED',
        closeReason: 'Model retired',
        closedAt: clock.now().toISOString(),
        nextReviewAt: null,
      });
      expect(
        errorCode(
          await gql(t.http, officer, Q.assess, {
            input: { riskId: id, inherent: { likelihood: 1, consequence: 1 } },
          }),
        ),
      ).toBe('CONFLICT');
      expect(errorCode(await gql(t.http, officer, Q.close, { input: { riskId: id, reason: 'again' } }))).toBe(
        'CONFLICT',
      );
      expect(errorCode(await gql(t.http, officer, Q.update, { input: { id, title: 'x' } }))).toBe('CONFLICT');

      expect(await eventTypes(org.organisationId, id)).toEqual([
        'risk.created',
        'risk.assessed',
        'risk.updated',
        'risk.updated',
        'risk.assessed',
        'risk.updated',
        'risk.accepted',
        'risk.closed',
      ]);

      const series = (await gqlOk<any>(t.http, tokens[Role.AUDITOR], Q.history, { riskId: id }))
        .riskAssessments;
      expect(series.totalCount).toBe(2);
      expect(series.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({
          inherentLikelihood: 4,
          inherentConsequence: 5,
          residualLikelihood: null,
          inherentLevel: { index: 4, label: 'Very high', aboveAppetite: true },
          residualLevel: null,
          status: 'ANALYSED',
        }),
        expect.objectContaining({
          inherentLevel: { index: 4, label: 'Very high', aboveAppetite: true },
          residualLikelihood: 1,
          residualConsequence: 3,
          residualLevel: { index: 1, label: 'Low', aboveAppetite: false },
          status: 'TREATING',
        }),
      ]);
      const page = (await gqlOk<any>(t.http, officer, Q.history, { riskId: id, first: 1 })).riskAssessments;
      const next = (
        await gqlOk<any>(t.http, officer, Q.history, { riskId: id, first: 1, after: page.pageInfo.endCursor })
      ).riskAssessments;
      expect([page.edges[0].node.sequence, next.edges[0].node.sequence]).toEqual([1, 2]);
      const detail = (await gqlOk<any>(t.http, officer, Q.get, { id })).risk;
      expect(detail.assessments.map((a: any) => a.sequence)).toEqual([1, 2]);
      expect(detail.latestAssessment.sequence).toBe(2);

      await expect(
        sql('UPDATE risk_assessment SET inherent_level = 0 WHERE risk_id = $1', [id]),
      ).rejects.toThrow(/immutable/);
      await expect(sql('DELETE FROM risk_assessment WHERE risk_id = $1', [id])).rejects.toThrow(/immutable/);
    });

    it('computes levels itself and refuses a level in the input', async () => {
      const risk = await createRisk();
      const res = await gql(t.http, officer, Q.assess, {
        input: { riskId: risk.id, inherent: { likelihood: 1, consequence: 1, level: 4 } },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      const scored = (await assess(risk.id, { inherent: { likelihood: 1, consequence: 1 } })).risk;
      expect(scored.inherentLevel).toEqual({ index: 0, label: 'Very low', aboveAppetite: false });
      expect(scored.nextReviewAt).toBe(at(365));
    });

    it('validates status transitions', async () => {
      const risk = await createRisk();
      const update = (status: string) => gql(t.http, officer, Q.update, { input: { id: risk.id, status } });
      let res = await update('EVALUATED');
      expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['input.status']]);
      expect(res.errors?.[0].extensions?.fields?.[0].message).toMatch(
        /cannot move from IDENTIFIED to EVALUATED/,
      );
      res = await update('ANALYSED');
      expect(res.errors?.[0].extensions?.fields?.[0].message).toMatch(/needs an inherent assessment/);
      for (const status of ['ACCEPTED', 'CLOSED'])
        expect(badFields(await update(status))).toEqual(['input.status']);
      expect(
        errorCode(await gql(t.http, officer, Q.treat, { input: { riskId: risk.id, option: 'AVOID' } })),
      ).toBe('CONFLICT');
      expect(
        errorCode(
          await gql(t.http, org.ownerToken, Q.accept, {
            input: { riskId: risk.id, rationale: 'r', acceptedUntil: at(10) },
          }),
        ),
      ).toBe('CONFLICT');

      await assess(risk.id, { inherent: { likelihood: 2, consequence: 2 } });
      expect(
        errorCode(await gql(t.http, officer, Q.treat, { input: { riskId: risk.id, option: 'AVOID' } })),
      ).toBe('CONFLICT');
      expect(badFields(await update('MONITORING'))).toEqual(['input.status']);
      expect(badFields(await update('IDENTIFIED'))).toEqual(['input.status']);
      await run('update', { id: risk.id, status: 'EVALUATED' });
      expect(badFields(await update('TREATING'))).toEqual(['input.status']);
      await run('treat', { riskId: risk.id, option: 'SHARE' });
      res = await update('MONITORING');
      expect(res.errors?.[0].extensions?.fields?.[0].message).toMatch(/needs a residual assessment/);
    });
  });

  describe('acceptance', () => {
    it('refuses the risk owner as approver', async () => {
      const risk = await evaluated({ likelihood: 1, consequence: 2 });
      const res = await gql(t.http, officer, Q.accept, {
        input: { riskId: risk.id, rationale: 'mine', acceptedUntil: at(30) },
      });
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect((await gqlOk<any>(t.http, officer, Q.get, { id: risk.id })).risk.status).toBe('EVALUATED');
    });

    it('does not let the owner hand the risk on and then approve it', async () => {
      const risk = await evaluated({ likelihood: 1, consequence: 2 });
      const handOver = await gql(t.http, officer, Q.update, { input: { id: risk.id, ownerId: org.ownerId } });
      expect(errorCode(handOver)).toBe('FORBIDDEN');
      const after = (await gqlOk<any>(t.http, officer, Q.get, { id: risk.id })).risk;
      expect(after.ownerId).toBe(risk.ownerId);
      // Another member may reassign it; the former owner is then a legitimate approver.
      await gqlOk(t.http, org.ownerToken, Q.update, { input: { id: risk.id, ownerId: org.ownerId } });
      const accepted = await gqlOk<any>(t.http, officer, Q.accept, {
        input: {
          riskId: risk.id,
          rationale: 'reassigned by the owner of the organisation',
          acceptedUntil: at(30),
        },
      });
      expect(accepted.acceptRisk.risk.status).toBe('ACCEPTED');
    });

    it('requires an expiry in the future', async () => {
      const risk = await evaluated({ likelihood: 1, consequence: 2 });
      const before = await footprint(org.organisationId);
      for (const acceptedUntil of [at(-1), clock.now().toISOString()]) {
        const res = await gql(t.http, org.ownerToken, Q.accept, {
          input: { riskId: risk.id, rationale: 'ok', acceptedUntil },
        });
        expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['input.acceptedUntil']]);
      }
      expect(await footprint(org.organisationId)).toEqual(before);
    });

    it('needs an explicit override reason above the appetite', async () => {
      const risk = await evaluated({ likelihood: 5, consequence: 5 });
      const res = await gql(t.http, org.ownerToken, Q.accept, {
        input: { riskId: risk.id, rationale: 'business need', acceptedUntil: at(30) },
      });
      expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['input.overrideReason']]);
      const accepted = (
        await run(
          'accept',
          {
            riskId: risk.id,
            rationale: 'business need',
            acceptedUntil: at(30),
            overrideReason: 'Board decision 2026-02',
          },
          tokens[Role.ADMIN],
        )
      ).risk;
      expect(accepted).toMatchObject({
        status: 'ACCEPTED',
        acceptance: { overrideReason: 'Board decision 2026-02', acceptedLevel: 4 },
      });
      expect(
        (
          await sql(
            "SELECT payload FROM outbox_event WHERE type = 'risk.accepted' AND payload->>'riskId' = $1",
            [risk.id],
          )
        )[0].payload,
      ).toMatchObject({ overridden: true, aboveAppetite: true, level: 4 });
    });

    it('lets OWNER, ADMIN and COMPLIANCE_OFFICER approve, expires, and can be renewed', async () => {
      const other = await addMember(t.http, org, Role.COMPLIANCE_OFFICER);
      for (const token of [org.ownerToken, tokens[Role.ADMIN], other.token]) {
        const risk = await evaluated({ likelihood: 2, consequence: 2 });
        expect(
          (await run('accept', { riskId: risk.id, rationale: 'fine', acceptedUntil: at(7) }, token)).risk
            .status,
        ).toBe('ACCEPTED');
      }
      const risk = await evaluated({ likelihood: 2, consequence: 2 });
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        const res = await gql(t.http, tokens[role], Q.accept, {
          input: { riskId: risk.id, rationale: 'r', acceptedUntil: at(7) },
        });
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
      await run('accept', { riskId: risk.id, rationale: 'fine', acceptedUntil: at(7) }, org.ownerToken);
      const admin = await apiKey(org.ownerToken, Role.ADMIN);
      await travel(8, async () => {
        const expired = (await gqlOk<any>(t.http, admin, Q.get, { id: risk.id })).risk;
        expect(expired).toMatchObject({
          status: 'ACCEPTED',
          acceptedUntil: at(-1),
          acceptance: { expired: true },
        });
        const renewed = (
          await run('accept', { riskId: risk.id, rationale: 'renewed', acceptedUntil: at(30) }, admin)
        ).risk;
        expect(renewed.acceptance).toMatchObject({
          expired: false,
          rationale: 'renewed',
          acceptedUntil: at(30),
          acceptedByType: 'API_KEY',
        });
        const reopened = (await run('update', { id: risk.id, status: 'ANALYSED' }, admin)).risk;
        expect(reopened.status).toBe('ANALYSED');
      });
    });
  });

  describe('links', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'an unknown risk source',
        { riskSourceUrns: ['urn:aims:req:iso-iec-23894-2023:b.99'] },
        'input.riskSourceUrns',
      ],
      ['a 23894 clause as a risk source', { riskSourceUrns: [URN.clause] }, 'input.riskSourceUrns'],
      ['a TC260 measure as a taxonomy node', { tc260NodeUrns: [URN.tc260Measure] }, 'input.tc260NodeUrns'],
      [
        'a TC260 grading factor as a NIST characteristic',
        { trustworthinessCharacteristicUrns: [URN.tc260Factor] },
        'input.trustworthinessCharacteristicUrns',
      ],
    ];
    it.each(cases)('refuse %s', async (_, input, field) => {
      const res = await gql(t.http, officer, Q.create, { input: { title: 'x', ...input } });
      expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', [field]]);
    });

    it('report every bad reference at once', async () => {
      const res = await gql(t.http, officer, Q.create, {
        input: { title: 'x', riskSourceUrns: [URN.bias], tc260NodeUrns: [URN.fair], ownerId: randomUUID() },
      });
      expect(badFields(res).sort()).toEqual(['input.ownerId', 'input.riskSourceUrns', 'input.tc260NodeUrns']);
    });

    it('accept TC260 categories and assessable controls, and refuse a control area', async () => {
      const risk = await evaluated(
        { likelihood: 3, consequence: 3 },
        { tc260NodeUrns: [URN.inherentCategory] },
      );
      expect(risk.tc260Nodes).toEqual([{ urn: URN.inherentCategory, kind: 'RISK_CATEGORY' }]);
      const res = await gql(t.http, officer, Q.treat, {
        input: { riskId: risk.id, option: 'MODIFY', controlUrns: [URN.controlArea] },
      });
      expect([errorCode(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['input.controlUrns']]);
      const treated = (
        await run('treat', { riskId: risk.id, option: 'MODIFY', controlUrns: [URN.tc260Measure] })
      ).risk;
      expect(treated.controlUrns).toEqual([URN.tc260Measure]);
    });

    it('replace AI systems and tell what changed', async () => {
      const [a, b] = [await createSystem('A'), await createSystem('B')];
      const risk = await createRisk({ aiSystemIds: [a.id] });
      const updated = (await run('update', { id: risk.id, aiSystemIds: [b.id, a.id] })).risk;
      expect(updated.aiSystems.map((s: any) => s.id).sort()).toEqual([a.id, b.id].sort());
      const audit = await sql(
        "SELECT changes FROM audit_event WHERE action = 'risk.updated' AND entity_id = $1",
        [risk.id],
      );
      expect(audit[0].changes.aiSystemIds.to.sort()).toEqual([a.id, b.id].sort());
    });
  });

  describe('material change of an AI system', () => {
    it('puts its open risks up for review now', async () => {
      const system = await createSystem('Chatbot', officer, {
        intelligenceLevel: 'ADVANCED',
        scenarioCriticality: 'GENERAL',
        applicationScale: 'MEDIUM',
      });
      const other = await createSystem('Unrelated');
      const open = await createRisk({ title: 'Hallucinated answers', aiSystemIds: [system.id] });
      await assess(open.id, { inherent: { likelihood: 2, consequence: 2 } });
      const closed = await createRisk({ title: 'Old', aiSystemIds: [system.id] });
      await run('close', { riskId: closed.id, reason: 'done' });
      const unrelated = await createRisk({ title: 'Elsewhere', aiSystemIds: [other.id] });
      await assess(unrelated.id, { inherent: { likelihood: 2, consequence: 2 } });
      const key = await apiKey(org.ownerToken, Role.COMPLIANCE_OFFICER);
      const get = async (id: string) => (await gqlOk<any>(t.http, key, Q.get, { id })).risk;
      expect((await get(open.id)).nextReviewAt).toBe(at(365));

      await travel(1, async () => {
        await run('updateSystem', { id: system.id, name: 'Support chatbot' }, key);
        expect((await get(open.id)).nextReviewAt).toBe(at(364));

        await run('updateSystem', { id: system.id, modelVersion: '2025-06' }, key);
        const reviewed = await get(open.id);
        const now = clock.now().toISOString();
        expect(reviewed).toMatchObject({ nextReviewAt: now, reviewRequestedAt: now, reviewOverdue: true });
        expect((await get(closed.id)).nextReviewAt).toBeNull();
        expect((await get(unrelated.id)).nextReviewAt).toBe(at(364));
        const overdue = (
          await gqlOk<any>(t.http, key, Q.list, { filter: { reviewOverdue: true, aiSystemId: system.id } })
        ).risks;
        expect(overdue.edges.map((e: any) => e.node.id)).toEqual([open.id]);
      });

      await travel(2, async () => {
        const reassessed = (await assess(open.id, { inherent: { likelihood: 2, consequence: 2 } }, key)).risk;
        expect(reassessed).toMatchObject({
          reviewRequestedAt: null,
          nextReviewAt: at(365),
          reviewOverdue: false,
        });
      });

      await travel(3, async () => {
        await run(
          'classifySystem',
          { aiSystemId: system.id, answers: { transparencyTriggers: ['INTERACTS_WITH_PEOPLE'] } },
          key,
        );
        expect((await get(open.id)).nextReviewAt).toBe(clock.now().toISOString());
      });

      await travel(4, async () => {
        const defaults = (
          await gqlOk<any>(
            t.http,
            key,
            '{ tc260RuleTable { base { scenarioCriticality intelligenceLevel grade } } }',
          )
        ).tc260RuleTable;
        const regraded = await gqlOk<any>(
          t.http,
          key,
          `mutation($input: UpdateTc260RuleTableInput!) { updateTc260RuleTable(input: $input) { regraded { id } } }`,
          {
            input: {
              base: defaults.base.map((r: any) => ({
                ...r,
                grade: r.scenarioCriticality === 'GENERAL' ? 'HIGH' : 'VERY_HIGH',
              })),
              scaleSteps: ['SMALL', 'MEDIUM', 'LARGE'].map((applicationScale) => ({
                applicationScale,
                steps: 0,
              })),
            },
          },
        );
        expect(regraded.updateTc260RuleTable.regraded.map((s: any) => s.id)).toContain(system.id);
        expect((await get(open.id)).nextReviewAt).toBe(clock.now().toISOString());
      });
      const audit = await sql(
        "SELECT count(*)::int AS n FROM audit_event WHERE action = 'risk.review_requested' AND entity_id = $1",
        [open.id],
      );
      expect(audit[0].n).toBe(3);
    });
  });

  describe('the risks list', () => {
    let o: TestOrg;
    let ids: Record<string, string>;
    let sys: string;
    let member: { userId: string; token: string };
    const list = async (filter: Record<string, unknown>) =>
      (await gqlOk<any>(t.http, o.ownerToken, Q.list, { filter })).risks.edges.map((e: any) => e.node.title);
    beforeAll(async () => {
      o = await createOrg(t.http, 'List org');
      member = await addMember(t.http, o, Role.COMPLIANCE_OFFICER);
      sys = (await createSystem('Scorer', o.ownerToken)).id;
      const mk = async (
        title: string,
        input: Record<string, unknown>,
        score?: [number, number],
        residual?: [number, number],
      ) => {
        const risk = await createRisk({ title, ...input }, o.ownerToken);
        if (score)
          await assess(risk.id, { inherent: { likelihood: score[0], consequence: score[1] } }, o.ownerToken);
        if (residual)
          await assess(
            risk.id,
            { residual: { likelihood: residual[0], consequence: residual[1] } },
            o.ownerToken,
          );
        return risk.id;
      };
      ids = {
        a: await mk('a', { aiSystemIds: [sys], tc260NodeUrns: [URN.bias] }, [5, 5]),
        b: await mk('b', { ownerId: member.userId }, [5, 5], [1, 1]),
        c: await mk('c', { aiSystemIds: [sys] }, [1, 1]),
        d: await mk('d', {}),
      };
    });

    it.each([
      ['no filter', {}, ['d', 'c', 'b', 'a']],
      ['AI system', () => ({ aiSystemId: sys }), ['c', 'a']],
      ['status', { status: ['IDENTIFIED'] }, ['d']],
      ['several statuses', { status: ['IDENTIFIED', 'ANALYSED'] }, ['d', 'c', 'b', 'a']],
      ['inherent level', { inherentLevel: 4 }, ['b', 'a']],
      ['residual level', { residualLevel: 0 }, ['b']],
      ['owner', () => ({ ownerId: member.userId }), ['b']],
      ['TC260 node', { tc260NodeUrn: URN.bias }, ['a']],
      ['above appetite', { aboveAppetite: true }, ['a']],
      ['within appetite', { aboveAppetite: false }, ['c', 'b']],
      ['text', { text: 'B' }, ['b']],
      ['not overdue', { reviewOverdue: false }, ['d', 'c', 'b', 'a']],
    ] as [string, Record<string, unknown> | (() => Record<string, unknown>), string[]][])(
      'by %s',
      async (_, filter, titles) => {
        expect(await list(typeof filter === 'function' ? filter() : filter)).toEqual(titles);
      },
    );

    it('finds overdue reviews as time passes', async () => {
      const key = await apiKey(o.ownerToken, Role.VIEWER);
      expect(await list({ reviewOverdue: true })).toEqual([]);
      await travel(31, async () => {
        const titles = (
          await gqlOk<any>(t.http, key, Q.list, { filter: { reviewOverdue: true } })
        ).risks.edges.map((e: any) => e.node.title);
        expect(titles).toEqual(['a']);
      });
    });

    it('pages in a stable order', async () => {
      const first = (await gqlOk<any>(t.http, o.ownerToken, Q.list, { first: 3 })).risks;
      const rest = (
        await gqlOk<any>(t.http, o.ownerToken, Q.list, { first: 3, after: first.pageInfo.endCursor })
      ).risks;
      const past = (
        await gqlOk<any>(t.http, o.ownerToken, Q.list, { first: 3, after: rest.pageInfo.endCursor })
      ).risks;
      // The total counts the whole register on every page, the one past the end included.
      expect([first.totalCount, rest.totalCount, past.totalCount]).toEqual([4, 4, 4]);
      expect([...first.edges, ...rest.edges].map((e: any) => e.node.title)).toEqual(['d', 'c', 'b', 'a']);
      expect(past.edges).toEqual([]);
      expect([first.pageInfo.hasNextPage, rest.pageInfo.hasNextPage]).toEqual([true, false]);
    });

    it('shows risks on their AI system', async () => {
      const res = await gqlOk<any>(
        t.http,
        o.ownerToken,
        'query($id: ID!) { aiSystem(id: $id) { risks { id } } }',
        { id: sys },
      );
      expect(res.aiSystem.risks.map((r: any) => r.id).sort()).toEqual([ids.a, ids.c].sort());
    });
  });

  describe('access', () => {
    const ALL = Object.values(Role);
    const GOVERN = [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER];
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: [string, Role[], string, Record<string, unknown>][] = [
      ['risks', ALL, Q.list, {}],
      ['risk', ALL, 'query($id: ID!) { risk(id: $id) { id } }', { id: missing }],
      ['riskAssessments', ALL, Q.history, { riskId: missing }],
      ['riskCriteria', ALL, Q.criteria, {}],
      ['updateRiskCriteria', GOVERN, Q.updateCriteria, { input: { ...FOUR_BY_FOUR, grid: [] } }],
      ['createRisk', GOVERN, Q.create, { input: { title: '' } }],
      ['updateRisk', GOVERN, Q.update, { input: { id: missing } }],
      [
        'assessRisk',
        GOVERN,
        Q.assess,
        { input: { riskId: missing, inherent: { likelihood: 1, consequence: 1 } } },
      ],
      ['setRiskTreatment', GOVERN, Q.treat, { input: { riskId: missing, option: 'AVOID' } }],
      [
        'acceptRisk',
        GOVERN,
        Q.accept,
        { input: { riskId: missing, rationale: 'r', acceptedUntil: '2030-01-01T00:00:00Z' } },
      ],
      ['closeRisk', GOVERN, Q.close, { input: { riskId: missing, reason: 'r' } }],
    ];
    describe.each(cases)('%s', (_, allowed, query, variables) => {
      it.each(ALL)('%s', async (role) => {
        const res = await gql(t.http, tokens[role], query, variables);
        if (allowed.includes(role)) expect(errorCode(res)).not.toBe('FORBIDDEN');
        else expect(errorCode(res)).toBe('FORBIDDEN');
      });
    });

    it('lets AUDITOR and VIEWER change nothing on an existing risk', async () => {
      const risk = await evaluated({ likelihood: 3, consequence: 3 });
      const before = await footprint(org.organisationId);
      for (const role of [Role.AUDITOR, Role.VIEWER]) {
        for (const [query, input] of [
          [Q.update, { id: risk.id, title: 'x' }],
          [Q.assess, { riskId: risk.id, inherent: { likelihood: 1, consequence: 1 } }],
          [Q.treat, { riskId: risk.id, option: 'AVOID' }],
          [Q.close, { riskId: risk.id, reason: 'x' }],
          [Q.updateCriteria, FOUR_BY_FOUR],
        ] as const) {
          expect(errorCode(await gql(t.http, tokens[role], query, { input }))).toBe('FORBIDDEN');
        }
      }
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });

  describe('tenancy', () => {
    let foreign: { risk: string; system: string };
    let other: TestOrg;
    beforeAll(async () => {
      const system = await createSystem('Foreign system');
      const risk = await evaluated({ likelihood: 2, consequence: 2 }, { aiSystemIds: [system.id] });
      foreign = { risk: risk.id, system: system.id };
      other = await createOrg(t.http, 'Other tenant');
    });

    it.each([
      ['risk', (id: string) => gql(t.http, other.ownerToken, Q.get, { id })],
      ['riskAssessments', (id: string) => gql(t.http, other.ownerToken, Q.history, { riskId: id })],
      [
        'updateRisk',
        (id: string) => gql(t.http, other.ownerToken, Q.update, { input: { id, title: 'stolen' } }),
      ],
      [
        'assessRisk',
        (id: string) =>
          gql(t.http, other.ownerToken, Q.assess, {
            input: { riskId: id, inherent: { likelihood: 1, consequence: 1 } },
          }),
      ],
      [
        'setRiskTreatment',
        (id: string) => gql(t.http, other.ownerToken, Q.treat, { input: { riskId: id, option: 'AVOID' } }),
      ],
      [
        'acceptRisk',
        (id: string) =>
          gql(t.http, other.ownerToken, Q.accept, {
            input: { riskId: id, rationale: 'r', acceptedUntil: at(9) },
          }),
      ],
      [
        'closeRisk',
        (id: string) => gql(t.http, other.ownerToken, Q.close, { input: { riskId: id, reason: 'r' } }),
      ],
    ] as const)('%s treats a foreign risk id as missing', async (_, run) => {
      await expectForeignIdBehavesAsMissing(run, foreign.risk);
    });

    it.each([
      [
        'createRisk',
        (id: string) => gql(t.http, other.ownerToken, Q.create, { input: { title: 'x', aiSystemIds: [id] } }),
      ],
    ] as const)('%s treats a foreign AI system id as missing', async (_, run) => {
      const before = await footprint(other.organisationId);
      await expectForeignIdBehavesAsMissing(run, foreign.system);
      expect(await footprint(other.organisationId)).toEqual(before);
    });

    it('createRisk with its own AI system and a foreign one is NOT_FOUND and writes nothing', async () => {
      const own = await createSystem('Own system', other.ownerToken);
      const before = await footprint(other.organisationId);
      const res = await gql(t.http, other.ownerToken, Q.create, {
        input: { title: 'x', aiSystemIds: [own.id, foreign.system] },
      });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(await footprint(other.organisationId)).toEqual(before);
      const links = await sql('SELECT count(*)::int AS n FROM risk_ai_system WHERE ai_system_id = $1', [
        foreign.system,
      ]);
      expect(links[0].n).toBe(1);
    });

    it('updateRisk treats a foreign AI system id as missing', async () => {
      const mine = (await run('create', { title: 'mine' }, other.ownerToken)).risk;
      await expectForeignIdBehavesAsMissing(
        (id) => gql(t.http, other.ownerToken, Q.update, { input: { id: mine.id, aiSystemIds: [id] } }),
        foreign.system,
      );
    });

    it('keeps foreign risks out of lists and filters', async () => {
      const all = (await gqlOk<any>(t.http, other.ownerToken, Q.list, {})).risks.edges.map(
        (e: any) => e.node.id,
      );
      expect(all).not.toContain(foreign.risk);
      const bySystem = (
        await gqlOk<any>(t.http, other.ownerToken, Q.list, { filter: { aiSystemId: foreign.system } })
      ).risks;
      expect(bySystem.totalCount).toBe(0);
    });
  });

  describe('bad input writes nothing', () => {
    let risk: any;
    let draft: any;
    beforeAll(async () => {
      risk = await evaluated({ likelihood: 3, consequence: 3 });
      draft = await createRisk({ title: 'Draft' });
    });
    const cases: [string, keyof typeof Q, () => Record<string, unknown>, string[]][] = [
      ['createRisk: empty title', 'create', () => ({ title: ' ' }), ['input.title']],
      [
        'createRisk: non-member owner',
        'create',
        () => ({ title: 'x', ownerId: randomUUID() }),
        ['input.ownerId'],
      ],
      [
        'createRisk: AI system id not a UUID',
        'create',
        () => ({ title: 'x', aiSystemIds: ['nope'] }),
        ['input.aiSystemIds'],
      ],
      [
        'createRisk: unknown TC260 node',
        'create',
        () => ({ title: 'x', tc260NodeUrns: ['urn:aims:req:tc260-1.0:nope'] }),
        ['input.tc260NodeUrns'],
      ],
      ['updateRisk: null title', 'update', () => ({ id: risk.id, title: null }), ['input.title']],
      [
        'updateRisk: CLOSED through update',
        'update',
        () => ({ id: risk.id, status: 'CLOSED' }),
        ['input.status'],
      ],
      [
        'updateRisk: unknown characteristic',
        'update',
        () => ({ id: risk.id, trustworthinessCharacteristicUrns: ['x'] }),
        ['input.trustworthinessCharacteristicUrns'],
      ],
      ['assessRisk: no score', 'assess', () => ({ riskId: risk.id }), ['input.inherent']],
      [
        'assessRisk: consequence 0',
        'assess',
        () => ({ riskId: risk.id, inherent: { likelihood: 1, consequence: 0 } }),
        ['input.inherent.consequence'],
      ],
      [
        'assessRisk: likelihood 6 on 5×5',
        'assess',
        () => ({ riskId: risk.id, inherent: { likelihood: 6, consequence: 1 } }),
        ['input.inherent.likelihood'],
      ],
      [
        'assessRisk: residual before inherent',
        'assess',
        () => ({ riskId: draft.id, residual: { likelihood: 1, consequence: 1 } }),
        ['input.residual'],
      ],
      [
        'setRiskTreatment: non-member action owner',
        'treat',
        () => ({
          riskId: risk.id,
          option: 'MODIFY',
          actions: [{ title: 'a' }, { title: 'b', ownerId: randomUUID() }],
        }),
        ['input.actions.1.ownerId'],
      ],
      [
        'setRiskTreatment: empty action title',
        'treat',
        () => ({ riskId: risk.id, option: 'MODIFY', actions: [{ title: '' }] }),
        ['input.actions.0.title'],
      ],
      [
        'setRiskTreatment: unknown control',
        'treat',
        () => ({ riskId: risk.id, option: 'MODIFY', controlUrns: ['urn:aims:req:iso-iec-42001-2023:a.99'] }),
        ['input.controlUrns'],
      ],
      [
        'acceptRisk: empty rationale',
        'accept',
        () => ({ riskId: risk.id, rationale: '', acceptedUntil: at(10) }),
        ['input.rationale'],
      ],
      [
        'acceptRisk: past expiry',
        'accept',
        () => ({ riskId: risk.id, rationale: 'r', acceptedUntil: at(-10), overrideReason: 'o' }),
        ['input.acceptedUntil'],
      ],
      ['closeRisk: empty reason', 'close', () => ({ riskId: risk.id, reason: '' }), ['input.reason']],
      ['closeRisk: id not a UUID', 'close', () => ({ riskId: 'r1', reason: 'r' }), ['input.riskId']],
      [
        'updateRiskCriteria: no levels',
        'updateCriteria',
        () => ({ ...FOUR_BY_FOUR, levels: [] }),
        ['input.levels'],
      ],
    ];
    it.each(cases)('%s', async (_, name, input, fields) => {
      const before = await footprint(org.organisationId);
      const res = await gql(t.http, org.ownerToken, Q[name], { input: input() });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect([...new Set(badFields(res))]).toEqual(fields);
      expect(await footprint(org.organisationId)).toEqual(before);
    });
  });
});
