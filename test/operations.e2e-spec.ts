import request from 'supertest';
import { startTestApp, TestApp } from './support/app';
import { createOrg } from './support/factory';
import { errorCode, gql } from './support/gql';

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COMPLEXITY: '500', REQUEST_BODY_LIMIT: '64kb' },
    });
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with database and queue checks', async () => {
    const live = await request(t.http).get('/health/live');
    expect(live.status).toBe(200);
    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({
      database: 'up',
      queue: 'up',
      queueBackend: t.runtime.queues.kind,
    });
  });

  it('serves Prometheus metrics including request durations', async () => {
    await request(t.http).get('/health/live');
    const res = await request(t.http).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('aims_http_request_duration_seconds_bucket');
    expect(res.text).toContain('aims_process_cpu_seconds_total');
  });

  it('gives every response a request id, honouring a well-formed incoming one', async () => {
    const generated = await request(t.http).get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const passed = await request(t.http).get('/health/live').set('x-request-id', 'trace-abc-123456');
    expect(passed.headers['x-request-id']).toBe('trace-abc-123456');
    const hostile = await request(t.http).get('/health/live').set('x-request-id', 'bad id <script>');
    expect(hostile.headers['x-request-id']).not.toContain('script');
  });

  it('rejects request bodies over the configured limit with 413', async () => {
    const res = await request(t.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ me { role } }', variables: { pad: 'x'.repeat(100 * 1024) } });
    expect(res.status).toBe(413);
  });

  it('rejects queries nested deeper than the limit before running them', async () => {
    const org = await createOrg(t.http);
    const ok = `{ auditEvents { edges { node { id } } pageInfo { hasNextPage } } }`;
    expect(errorCode(await gql(t.http, org.ownerToken, ok))).toBeUndefined();
    // __type > fields > type > ofType x (depth - 4) > name: exactly `depth` levels (introspection counts too).
    const nest = (depth: number) =>
      `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(depth - 4)}name${' }'.repeat(depth)}`;
    expect(errorCode(await gql(t.http, org.ownerToken, nest(6)))).toBeUndefined();
    const tooDeep = await gql(t.http, org.ownerToken, nest(7));
    expect(errorCode(tooDeep)).toBe('BAD_USER_INPUT');
    expect(tooDeep.errors?.[0].message).toMatch(/depth 7 exceeds the limit of 6/);
    // Fragments count too.
    const viaFragments = `query { ...A } fragment A on Query { __type(name: "Query") { fields { ...B } } }
      fragment B on __Field { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } }`;
    expect(errorCode(await gql(t.http, org.ownerToken, viaFragments))).toBe('BAD_USER_INPUT');
  });

  it('rejects queries whose complexity (multiplied by page size) exceeds the limit', async () => {
    const org = await createOrg(t.http);
    const small = await gql(
      t.http,
      org.ownerToken,
      '{ auditEvents(first: 5) { edges { node { id seq action } } } }',
    );
    expect(errorCode(small)).toBeUndefined();
    const big = await gql(
      t.http,
      org.ownerToken,
      '{ a: auditEvents(first: 100) { edges { node { id seq action hash prevHash changes } } } b: auditEvents(first: 100) { edges { node { id seq } } } }',
    );
    expect(errorCode(big)).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0].message).toMatch(/complexity/);
  });

  it('reports malformed queries as BAD_USER_INPUT-class errors without stack traces', async () => {
    const org = await createOrg(t.http);
    const syntax = await gql(t.http, org.ownerToken, '{ me { ');
    expect(errorCode(syntax)).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await gql(t.http, org.ownerToken, '{ nope }');
    expect(errorCode(unknown)).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const res of [syntax, unknown])
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('refuses NUL characters in any text input, naming the field, before anything is written', async () => {
    const org = await createOrg(t.http);
    const res = await gql(
      t.http,
      org.ownerToken,
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { name: 'bad\u0000name', role: 'VIEWER' } },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields).toEqual([
      { field: 'input.name', message: 'must not contain NUL characters' },
    ]);
  });

  it('refuses forged cursors as BAD_USER_INPUT before they reach SQL', async () => {
    const org = await createOrg(t.http);
    const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const after of [
      forge([1, 'not-a-uuid']),
      forge(['2026-01-01T00:00:00Z', '0b0b']),
      forge(['x', 'y']),
      'junk',
    ]) {
      const res = await gql(
        t.http,
        org.ownerToken,
        'query($after: String) { auditEvents(after: $after) { totalCount } }',
        { after },
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields).toEqual([
        { field: 'after', message: 'is not a valid cursor' },
      ]);
    }
  });
});
