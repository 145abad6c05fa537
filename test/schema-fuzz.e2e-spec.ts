import { randomUUID } from 'node:crypto';
import { IntrospectionTypeRef } from 'graphql';
import { startTestApp, TestApp } from './support/app';
import { createOrg, TestOrg } from './support/factory';
import { gql } from './support/gql';
import {
  documentFor,
  isList,
  namedType,
  Operation,
  plausibleVariables,
  SchemaWalk,
  walkSchema,
} from './support/schema-walk';

/**
 * Malformed input for every mutation, generated from the schema: whatever a caller sends, the answer is
 * never INTERNAL_SERVER_ERROR and a refusal writes nothing. `npm test` runs a seeded sample (the seed is
 * in the test name; FUZZ_SEED=<n> replays it); `npm run test:fuzz` (FUZZ_FULL=1) runs every variant.
 */
const FULL = process.env.FUZZ_FULL === '1';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SAMPLE = 250;

interface Variant {
  mutation: string;
  path: string[];
  label: string;
  value: unknown;
}

/** mulberry32: a small seeded generator, so a failing sample can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The malformed values worth sending where a value of this type is expected. */
function malformed(schema: SchemaWalk, ref: IntrospectionTypeRef, field: string): [string, unknown][] {
  const name = namedType(ref);
  const kind = schema.types.get(name)?.kind;
  const values: [string, unknown][] = [
    ['null', null],
    ['object', { unexpected: true }],
  ];
  if (isList(ref)) values.push(['not a list', 'x'], ['huge list', Array.from({ length: 5000 }, () => 'x')]);
  if (kind === 'ENUM') values.push(['unknown enum', 'NOT_A_VALUE'], ['lower-case enum', 'owner']);
  if (kind === 'INPUT_OBJECT') values.push(['string for object', 'x'], ['empty object', {}]);
  if (name === 'Int' || name === 'Float')
    values.push(
      ['huge number', 1e308],
      ['unsafe integer', 2 ** 53 + 1],
      ['negative', -1],
      ['fraction', 1.5],
      ['text', '12'],
    );
  if (name === 'Boolean') values.push(['text for boolean', 'yes']);
  if (kind === 'SCALAR' && !['Int', 'Float', 'Boolean'].includes(name)) {
    values.push(
      ['empty', ''],
      ['100k characters', 'x'.repeat(100_000)],
      ['NUL', 'a\u0000b'],
      ['lone surrogate', 'x\ud800y'],
      ['number for text', 12345],
      ['malformed id', 'not-a-uuid'],
      ['malformed URN', 'urn:aims:req:nope:::'],
      ['malformed date', '2026-13-45T99:00:00Z'],
      ['whitespace', '   '],
    );
  }
  if (/urn/i.test(field)) values.push(['URN of nothing', 'urn:aims:req:iso-iec-42001-2023:99.99']);
  return values;
}

function variantsFor(schema: SchemaWalk, op: Operation): Variant[] {
  const variants: Variant[] = [];
  const visit = (ref: IntrospectionTypeRef, path: string[], level: number) => {
    for (const [label, value] of malformed(schema, ref, path[path.length - 1]))
      variants.push({ mutation: op.name, path, label, value });
    const type = schema.types.get(namedType(ref));
    if (type?.kind === 'INPUT_OBJECT' && level < 2 && !isList(ref))
      for (const f of type.inputFields) visit(f.type, [...path, f.name], level + 1);
  };
  for (const a of op.args) visit(a.type, [a.name], 0);
  return variants;
}

function withValue(variables: Record<string, unknown>, path: string[], value: unknown) {
  const copy = structuredClone(variables);
  let target = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[path[path.length - 1]] = value;
  return copy;
}

describe(`malformed input across every mutation (${FULL ? 'full sweep' : `sample, FUZZ_SEED=${SEED}`})`, () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
    org = await createOrg(t.http);
  });
  afterAll(() => t.close());

  // What one request wrote, found by the request id it carried (audit events store it): other writes to the
  // organisation while the sweep runs are not this request's doing.
  const auditsOf = async (requestId: string) =>
    (
      await t.runtime.dataSource.query(
        'SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND request_id = $2',
        [org.organisationId, requestId],
      )
    )[0].n as number;

  it('finds what a request wrote by its request id', async () => {
    const requestId = `fuzz-probe-${randomUUID()}`;
    const res = await gql(
      t.http,
      org.ownerToken,
      'mutation($input: CreateAISystemInput!) { createAISystem(input: $input) { aiSystem { id } } }',
      { input: { name: 'Probe', lifecycleStage: 'INCEPTION', role: 'DEPLOYER' } },
      { 'x-request-id': requestId },
    );
    expect(res.errors).toBeUndefined();
    expect(await auditsOf(requestId)).toBe(1);
  });

  it('never answers INTERNAL_SERVER_ERROR, and a refusal leaves the audit trail as it was', async () => {
    const schema = await walkSchema(t.http, org.ownerToken);
    const mutations = schema.operations.filter((op) => op.kind === 'mutation' && op.args.length > 0);
    let variants = mutations.flatMap((op) => variantsFor(schema, op));
    const total = variants.length;
    if (!FULL) {
      const next = random(SEED);
      variants = variants
        .map((v) => ({ v, key: next() }))
        .sort((a, b) => a.key - b.key)
        .slice(0, SAMPLE)
        .map(({ v }) => v);
    }
    const byName = new Map(mutations.map((op) => [op.name, op]));
    const crashes: string[] = [];
    const writes: string[] = [];
    let refused = 0;
    for (const variant of variants) {
      const op = byName.get(variant.mutation)!;
      const label = `${variant.mutation}(${variant.path.join('.')}: ${variant.label})`;
      const requestId = `fuzz-${SEED}-${refused}-${randomUUID()}`;
      const res = await gql(
        t.http,
        org.ownerToken,
        documentFor(op),
        withValue(plausibleVariables(schema, op), variant.path, variant.value),
        { 'x-request-id': requestId },
      );
      if (res.status >= 500 || res.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR'))
        crashes.push(`${label}: ${res.status} ${JSON.stringify(res.errors?.[0])}`);
      if (res.errors?.length) {
        refused++;
        if ((await auditsOf(requestId)) > 0) writes.push(label);
      }
    }
    expect(crashes).toEqual([]);
    expect(writes).toEqual([]);
    expect(total).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(variants.length * 0.9);
  }, 600000);
});
