import './production';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication, Logger } from '@nestjs/common';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { request } from 'undici';
import { loadConfig } from '@aims/platform';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { createScratchDatabase } from './scratch-database';

/**
 * P0–P2 and createRisk through the real API (in this process, LOG_LEVEL=warn, API key auth unless said
 * otherwise) against an organisation with BENCH_RISKS risks (10,000) each linked to 2 AI systems, each
 * figure next to a baseline measured in the same run with the same connections:
 * - P0 `{ me { role } }` against anonymous `{ __typename }` through the same stack;
 * - P1 a 50-risk page with every nested field against node:http + pg running one hand-written statement
 *   returning the same JSON;
 * - P2 `assessRisk` against node:http + pg running a single-row INSERT;
 * - assessRisk spread over 16 organisations against the same load on one (the per-organisation ceiling);
 * - RSS during and after three rounds of P1.
 * BENCH_SECONDS (default 10) and BENCH_RISKS shorten a quick run; BENCH_ONLY=p0|p1|p2 runs one path
 * (for CPU profiles: node --cpu-prof dist/bench/api.js). Ends by checking every audit chain.
 */
const RISKS = Number(process.env.BENCH_RISKS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ONLY = process.env.BENCH_ONLY;
const CONNECTIONS = 16;
const ORGANISATIONS = 16;
const RISKS_PER_SMALL_ORGANISATION = 200;
const CONTROLS = ['urn:aims:req:iso-iec-42001-2023:a.6.2.4', 'urn:aims:req:iso-iec-42001-2023:a.7.4'];

const PAGE = `query { risks(first: 50) { totalCount edges { node {
  id title
  owner { id email }
  aiSystems { id name tier }
  controls { urn refId title }
  latestAssessment { sequence assessedAt inherentLevel { label } residualLevel { label } }
  inherentLevel { index label aboveAppetite }
} } } }`;

/** The P1 baseline: the same page as one statement, the JSON built by PostgreSQL. */
const PAGE_SQL = `
SELECT json_build_object('data', json_build_object('risks', json_build_object(
  'totalCount', (SELECT count(*) FROM risk WHERE organisation_id = $1),
  'edges', coalesce(json_agg(json_build_object('node', json_build_object(
    'id', r.id, 'title', r.title,
    'owner', (SELECT json_build_object('id', u.id, 'email', u.email) FROM user_account u WHERE u.id = r.owner_id),
    'aiSystems', (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'tier', a.tier)), '[]')
                    FROM risk_ai_system l JOIN ai_system a ON a.id = l.ai_system_id WHERE l.risk_id = r.id),
    'controls', (SELECT coalesce(json_agg(json_build_object('urn', q.urn, 'refId', q.ref_id, 'title', q.title)), '[]')
                   FROM requirement q WHERE q.urn = ANY (r.control_urns) AND q.organisation_id IS NULL),
    'latestAssessment', (SELECT json_build_object('sequence', s.sequence, 'assessedAt', s.assessed_at,
                           'inherentLevel', json_build_object('label', s.inherent_level_label),
                           'residualLevel', json_build_object('label', s.residual_level_label))
                           FROM risk_assessment s WHERE s.risk_id = r.id ORDER BY s.sequence DESC LIMIT 1),
    'inherentLevel', json_build_object('index', r.inherent_likelihood * r.inherent_consequence,
                       'label', 'level', 'aboveAppetite', r.inherent_likelihood * r.inherent_consequence > 9)
  )) ORDER BY r.created_at DESC, r.id DESC), '[]'))))::text AS body
FROM (SELECT * FROM risk WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50) r`;

interface Org {
  id: string;
  token: string;
  apiKey: string;
  riskIds: string[];
}

interface Figure {
  perSecond: number;
  p50: number;
  p97_5: number;
  errors: number;
}

async function graphql<T>(url: string, bearer: string | null, query: string, variables = {}): Promise<T> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.body.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * One organisation with an owner, an API key and two AI systems; one risk created, assessed, evaluated
 * and treated through the API, then copied `risks - 1` times in SQL with its links and assessment.
 */
async function seedOrg(runtime: RuntimeHandle, url: string, name: string, risks: number): Promise<Org> {
  const email = `owner-${randomBytes(4).toString('hex')}@bench.test`;
  const { signUp } = await graphql<any>(
    url,
    null,
    `
      mutation ($input: SignUpInput!) {
        signUp(input: $input) {
          accessToken
          organisation {
            id
          }
        }
      }
    `,
    { input: { email, password: 'correct-horse-battery', name: 'Owner', organisationName: name } },
  );
  const token: string = signUp.accessToken;
  const { createApiKey } = await graphql<any>(
    url,
    token,
    `
      mutation ($input: CreateApiKeyInput!) {
        createApiKey(input: $input) {
          secret
        }
      }
    `,
    { input: { name: 'bench', role: 'ADMIN' } },
  );
  const systems: string[] = [];
  for (const system of ['Scorer', 'Chatbot']) {
    const { createAISystem } = await graphql<any>(
      url,
      token,
      'mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }',
      { input: { name: system, role: 'PROVIDER', lifecycleStage: 'DEPLOYMENT', euAiActAnswers: {} } },
    );
    systems.push(createAISystem.aiSystem.id);
  }
  const { createRisk } = await graphql<any>(
    url,
    token,
    'mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }',
    { input: { title: 'Risk 1', aiSystemIds: systems } },
  );
  const riskId: string = createRisk.risk.id;
  for (const [mutation, input] of [
    ['assessRisk', { riskId, inherent: { likelihood: 3, consequence: 4 } }],
    ['updateRisk', { id: riskId, status: 'EVALUATED' }],
    ['setRiskTreatment', { riskId, option: 'MODIFY', controlUrns: CONTROLS }],
  ] as const) {
    const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
    await graphql(url, token, `mutation($input: ${type}!) { ${mutation}(input: $input) { risk { id } } }`, {
      input,
    });
  }
  const copy = (table: string, overrides: string) =>
    `(jsonb_populate_record(null::${table}, to_jsonb(t) || ${overrides})).*`;
  const rows: { id: string }[] = await runtime.dataSource.query(
    `WITH ids AS (SELECT gen_random_uuid() AS id, g,
                         now() - (g || ' seconds')::interval AS created FROM generate_series(2, $2::int) g),
          r AS (INSERT INTO risk SELECT ${copy('risk', `jsonb_build_object('id', ids.id, 'title', 'Risk ' || ids.g, 'created_at', ids.created)`)}
                  FROM risk t, ids WHERE t.id = $1 RETURNING id),
          l AS (INSERT INTO risk_ai_system SELECT ${copy('risk_ai_system', `jsonb_build_object('id', gen_random_uuid(), 'risk_id', ids.id)`)}
                  FROM risk_ai_system t, ids WHERE t.risk_id = $1),
          a AS (INSERT INTO risk_assessment SELECT ${copy('risk_assessment', `jsonb_build_object('id', gen_random_uuid(), 'risk_id', ids.id)`)}
                  FROM risk_assessment t, ids WHERE t.risk_id = $1)
     SELECT id FROM r`,
    [riskId, risks],
  );
  return {
    id: signUp.organisation.id,
    token,
    apiKey: createApiKey.secret,
    riskIds: [riskId, ...rows.map((r) => r.id)],
  };
}

async function load(
  url: string,
  connections: number,
  requests: { headers: Record<string, string>; body: () => string }[],
): Promise<Figure> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = requests[next++ % requests.length];
          return { ...req, headers: { 'content-type': 'application/json', ...r.headers }, body: r.body() };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}

/** A node:http server answering every POST with `handler`'s string (the hand-written baselines). */
async function plainServer(handler: () => Promise<string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      handler().then(
        (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

function line(label: string, f: Figure): string {
  const errors = f.errors ? `, ${f.errors} errors` : '';
  return `${label}: ${f.perSecond.toFixed(0)} req/s, p50 ${f.p50} ms, p97.5 ${f.p97_5} ms${errors}`;
}

function ratio(label: string, value: number, baseline: number, goal: number): string {
  const r = value / baseline;
  return `${label}: ${r.toFixed(3)} (goal ≥ ${goal}${r >= goal ? ', met' : ', not met'})`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function body(query: string, variables?: unknown): () => string {
  const text = JSON.stringify({ query, variables });
  return () => text;
}

const ASSESS = `mutation($input: AssessRiskInput!) { assessRisk(input: $input) { assessment { sequence } } }`;

/** assessRisk on the given organisations' risks in turn, each request on the next risk. */
function assessRequests(orgs: Org[]): { headers: Record<string, string>; body: () => string }[] {
  return orgs.map((org) => {
    let i = 0;
    return {
      headers: bearer(org.apiKey),
      body: () => {
        const riskId = org.riskIds[i++ % org.riskIds.length];
        const likelihood = 1 + (i % 5);
        return JSON.stringify({
          query: ASSESS,
          variables: { input: { riskId, inherent: { likelihood, consequence: 3 } } },
        });
      },
    };
  });
}

export async function run(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch.url,
    QUEUE_PREFIX: scratch.queuePrefix,
    LOG_LEVEL: 'warn',
    API_KEY_RATE_LIMIT: '100000000',
    LOGIN_RATE_LIMIT: '100000',
  });
  const runtime = await createRuntime(config, { migrate: true, poolSize: 20 });
  const pool = new Pool({ connectionString: scratch.url, max: 20 });
  let app: INestApplication | undefined;
  const servers: Server[] = [];
  try {
    app = await createApiApp(runtime);
    await app.listen(0, '127.0.0.1');
    const api = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;

    const seeded = performance.now();
    const org = await seedOrg(runtime, api, 'Bench org', RISKS);
    const small: Org[] = [];
    for (let i = 0; i < ORGANISATIONS; i++)
      small.push(await seedOrg(runtime, api, `Bench org ${i}`, RISKS_PER_SMALL_ORGANISATION));
    await runtime.dataSource.query('ANALYZE');
    console.log(
      `seeded ${RISKS} risks (2 AI systems each) + ${ORGANISATIONS} × ${RISKS_PER_SMALL_ORGANISATION} in ${((performance.now() - seeded) / 1000).toFixed(1)} s; ${SECONDS} s per figure, ${CONNECTIONS} connections unless said`,
    );

    if (!ONLY || ONLY === 'p0') {
      const anonymous = await load(api, CONNECTIONS, [{ headers: {}, body: body('{ __typename }') }]);
      const jwt = await load(api, CONNECTIONS, [
        { headers: bearer(org.token), body: body('{ me { role } }') },
      ]);
      const key = await load(api, CONNECTIONS, [
        { headers: bearer(org.apiKey), body: body('{ me { role } }') },
      ]);
      console.log('\n## P0 { me { role } } authenticated');
      console.log(line('baseline: anonymous { __typename }, same stack', anonymous));
      console.log(line('me, JWT', jwt));
      console.log(line('me, API key', key));
      console.log(ratio('ratio JWT', jwt.perSecond, anonymous.perSecond, 0.5));
      console.log(ratio('ratio API key', key.perSecond, anonymous.perSecond, 0.5));
    }

    if (!ONLY || ONLY === 'p1') {
      await graphql(api, org.apiKey, PAGE);
      const plain = await plainServer(async () => {
        const { rows } = await pool.query<{ body: string }>(PAGE_SQL, [org.id]);
        return rows[0].body;
      });
      servers.push(plain.server);
      const baseline = await load(plain.url, CONNECTIONS, [{ headers: {}, body: () => '{}' }]);
      console.log('\n## P1 risks(first: 50), every nested field, totalCount');
      console.log(line('baseline: node:http + pg, one hand-written statement', baseline));
      const rss: string[] = [];
      let page: Figure | undefined;
      for (let round = 1; round <= 3; round++) {
        let peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
        page = await load(api, CONNECTIONS, [{ headers: bearer(org.apiKey), body: body(PAGE) }]);
        clearInterval(sampler);
        console.log(line(`AIMS round ${round}`, page));
        rss.push(`round ${round}: peak ${mb(peak)}, after ${mb(process.memoryUsage().rss)}`);
      }
      console.log(`RSS of this process (API and load generator): ${rss.join('; ')}`);
      console.log(ratio('ratio', page!.perSecond, baseline.perSecond, 0.5));
    }

    if (!ONLY || ONLY === 'p2') {
      await pool.query(
        'CREATE TABLE bench_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), at timestamptz, n int)',
      );
      const plain = await plainServer(async () => {
        const { rows } = await pool.query('INSERT INTO bench_insert (at, n) VALUES (now(), 1) RETURNING id');
        return JSON.stringify({ data: { id: rows[0].id } });
      });
      servers.push(plain.server);
      const before = await runtime.dataSource.query('SELECT count(*)::int AS n FROM risk_assessment');
      const baseline = await load(plain.url, CONNECTIONS, [{ headers: {}, body: () => '{}' }]);
      const assess = await load(api, CONNECTIONS, assessRequests([org]));
      const baselineOne = await load(plain.url, 1, [{ headers: {}, body: () => '{}' }]);
      const assessOne = await load(api, 1, assessRequests([org]));
      const spread = await load(api, CONNECTIONS, assessRequests(small));
      const create = await load(api, 8, [
        {
          headers: bearer(org.apiKey),
          body: body(`mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`, {
            input: { title: 'Bench risk', aiSystemIds: await aiSystems(runtime, org.id) },
          }),
        },
      ]);
      const after = await runtime.dataSource.query('SELECT count(*)::int AS n FROM risk_assessment');
      console.log('\n## P2 assessRisk (change + snapshot + audit chain + outbox)');
      console.log(line('baseline: node:http + pg single-row INSERT', baseline));
      console.log(line('assessRisk, 1 organisation', assess));
      console.log(line('baseline at 1 connection', baselineOne));
      console.log(line('assessRisk at 1 connection', assessOne));
      console.log(line(`assessRisk over ${ORGANISATIONS} organisations`, spread));
      console.log(
        `assessments written: ${after[0].n - before[0].n} (per-organisation ceiling ≈ ${assess.perSecond.toFixed(0)}/s on one organisation, ${(spread.perSecond / ORGANISATIONS).toFixed(0)}/s each when ${ORGANISATIONS} share the load)`,
      );
      console.log(ratio('ratio', assess.perSecond, baseline.perSecond, 0.1));
      console.log(`p50 at 1 connection: ${assessOne.p50} ms (goal ≤ 5 ms)`);
      console.log(`\n## createRisk with 2 AI systems, 8 connections`);
      console.log(line('createRisk', create));
      console.log(`goal ≥ 400/s: ${create.perSecond >= 400 ? 'met' : 'not met'}`);
    }

    const broken: string[] = [];
    for (const o of [org, ...small]) {
      const { auditLogIntegrity } = await graphql<any>(
        api,
        o.token,
        '{ auditLogIntegrity { valid checkedEvents firstBrokenSeq } }',
      );
      if (!auditLogIntegrity.valid) broken.push(`${o.id} at ${auditLogIntegrity.firstBrokenSeq}`);
    }
    console.log(
      `\nauditLogIntegrity after the load: ${broken.length ? `BROKEN ${broken.join(', ')}` : `valid in all ${1 + small.length} organisations`}`,
    );
    if (broken.length) throw new Error('audit chain broken under load');
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await app?.close();
    await pool.end();
    await runtime.close();
    await scratch.drop();
  }
}

async function aiSystems(runtime: RuntimeHandle, organisationId: string): Promise<string[]> {
  const rows: { id: string }[] = await runtime.dataSource.query(
    'SELECT id FROM ai_system WHERE organisation_id = $1 ORDER BY id',
    [organisationId],
  );
  return rows.map((r) => r.id);
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
