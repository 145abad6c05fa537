import { Clock } from '@aims/platform';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { errorCode, gql } from './support/gql';

/** `depth` fragments, each spreading the next twice: 2^depth fields when expanded naively. */
function fragmentBomb(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i === depth - 1
      ? `fragment F${i} on Framework { id name }`
      : `fragment F${i} on Framework { id ...F${i + 1} ...F${i + 1} }`,
  );
  return `query { frameworks { ...F0 } } ${fragments.join(' ')}`;
}

const nested = (levels: number) =>
  `{ risks(first: 100) { edges { node { ${'aiSystems { risks { '.repeat(levels)}id${' } }'.repeat(levels)} } } } }`;

describe('query limits', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t.http);
  });
  afterAll(() => t.close());

  it('measures fragments once: a 22-level fragment bomb is refused before execution, even anonymously', async () => {
    const res = await gql(t.http, null, fragmentBomb(22));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'query' }], limit: 'complexity' });
    expect(res.data).toBeUndefined();
  });

  it('gives plain lists a cost: nested lists without `first` no longer escape the limit', async () => {
    const res = await gql(t.http, org.ownerToken, nested(2));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions).toMatchObject({ limit: 'complexity' });
    expect(errorCode(await gql(t.http, org.ownerToken, nested(0)))).toBeUndefined();
  });

  it('costs a page set by a variable default as the page it runs: the default counts like a sent value', async () => {
    const body = (levels: number) =>
      `risks(first: $n) { edges { node { ${'aiSystems { risks { '.repeat(levels)}id${' } }'.repeat(levels)} } } }`;
    const withDefault = `query Q($n: Int = 100) { ${body(2)} }`;
    const sent = await gql(t.http, org.ownerToken, `query Q($n: Int) { ${body(2)} }`, { n: 100 });
    expect(sent.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'complexity' });
    const defaulted = await gql(t.http, org.ownerToken, withDefault);
    expect(defaulted.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'complexity',
      complexity: sent.errors?.[0].extensions?.complexity,
    });
    expect(defaulted.data).toBeUndefined();
    expect(errorCode(await gql(t.http, org.ownerToken, withDefault, { n: 1 }))).toBeUndefined();
  });

  it('stops the parser at the token limit and never leaks a crash message for deep documents', async () => {
    const many = `{ ${Array.from({ length: 3001 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tooMany = await gql(t.http, null, many);
    expect(errorCode(tooMany)).toBe('GRAPHQL_PARSE_FAILED');
    expect(tooMany.errors?.[0].message).toMatch(/more than|more that|tokens/);

    const deep = `{ ${'me { '.repeat(3000)}role${' }'.repeat(3000)} }`;
    const res = await gql(t.http, null, deep);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(res.errors)).not.toMatch(/call stack|RangeError/);
  });

  it('refuses a document nested past the depth limit without walking it', async () => {
    const deep = `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(900)}name${' }'.repeat(903)} }`;
    const res = await gql(t.http, null, deep);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    expect(JSON.stringify(res.errors)).not.toMatch(/call stack|RangeError/);
  });

  describe('execution caps', () => {
    /** A clock that moves `step` ms each time it is read, so a query "takes" as long as the test says. */
    class SteppingClock extends Clock {
      step = 0;
      private at = Date.now();
      now(): Date {
        this.at += this.step;
        return new Date(this.at);
      }
    }
    const clock = new SteppingClock();
    let capped: TestApp;
    let owner: TestOrg;
    beforeAll(async () => {
      capped = await startTestApp({
        clock,
        env: { GRAPHQL_MAX_EXECUTION_MS: '1000', GRAPHQL_MAX_RESPONSE_BYTES: '2048' },
      });
      owner = await createOrg(capped.http);
    });
    afterEach(() => {
      clock.step = 0;
    });
    afterAll(() => capped.close());

    it('cuts short a query whose answer grows past the response size limit', async () => {
      const res = await gql(
        capped.http,
        owner.ownerToken,
        '{ frameworks { requirements(first: 100) { edges { node { urn title } } } } }',
      );
      expect(res.errors).toHaveLength(1);
      expect(errorCode(res)).toBe('RESPONSE_TOO_LARGE');
      expect(res.data).toBeNull();
    });

    it('cuts short a query still resolving fields after the time limit', async () => {
      const token = owner.ownerToken;
      expect(errorCode(await gql(capped.http, token, '{ me { organisation { name } } }'))).toBeUndefined();
      clock.step = 1500; // every reading of the clock now costs 1.5 s: the first field is past the limit
      const res = await gql(capped.http, token, '{ me { organisation { name } } }');
      expect(errorCode(res)).toBe('QUERY_TIMEOUT');
      expect(res.errors).toHaveLength(1);
      expect(res.data).toBeNull();
    });

    it('never cuts short a mutation that has started: its change and its answer agree', async () => {
      clock.step = 400;
      const res = await gql(
        capped.http,
        owner.ownerToken,
        'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id name } } }',
        { input: { name: 'kept', role: 'VIEWER' } },
      );
      expect(errorCode(res)).toBeUndefined();
      expect(res.data.createApiKey.apiKey.name).toBe('kept');
    });
  });
});

describe('production mode', () => {
  const PROD = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    ENCRYPTION_KEY: 'a'.repeat(64),
  };

  it('serves neither introspection nor suggestions, and parser failures get a generic message', async () => {
    const t = await startTestApp({ env: PROD });
    try {
      const org = await createOrg(t.http);
      for (const token of [null, org.ownerToken]) {
        const res = await gql(t.http, token, '{ __schema { types { name } } }');
        expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(res.data).toBeUndefined();
      }
      const typo = await gql(t.http, org.ownerToken, '{ me { rol } }');
      expect(errorCode(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      const syntax = await gql(t.http, null, '{ me { ');
      expect(syntax.errors?.[0]).toEqual({
        message: 'The query document could not be parsed',
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
    } finally {
      await t.close();
    }
  });

  it('serves introspection in production when GRAPHQL_INTROSPECTION=true', async () => {
    const t = await startTestApp({ env: { ...PROD, GRAPHQL_INTROSPECTION: 'true' } });
    try {
      const res = await gql(t.http, null, '{ __schema { queryType { name } } }');
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await gql(t.http, null, '{ me { rol } }')).errors?.[0].message).toMatch(/Did you mean/);
    } finally {
      await t.close();
    }
  });
});
