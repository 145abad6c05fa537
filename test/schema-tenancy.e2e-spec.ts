import { randomUUID } from 'node:crypto';
import { IntrospectionTypeRef } from 'graphql';
import { seedDemo } from '../seeds/demo';
import { startTestApp, TestApp } from './support/app';
import { createOrg } from './support/factory';
import { errorCode, gql, GqlResponse } from './support/gql';
import {
  documentFor,
  isList,
  namedType,
  Operation,
  plausibleVariables,
  SchemaWalk,
  walkSchema,
} from './support/schema-walk';
import { responseShape } from './support/tenancy';

interface IdSlot {
  op: Operation;
  path: string[];
  list: boolean;
}

const normal = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every place an operation takes an id: its ID arguments and the ID fields of its input (two levels deep). */
function idSlots(schema: SchemaWalk, op: Operation): IdSlot[] {
  const slots: IdSlot[] = [];
  const visit = (ref: IntrospectionTypeRef, path: string[], level: number) => {
    const name = namedType(ref);
    if (name === 'ID') slots.push({ op, path, list: isList(ref) });
    const type = schema.types.get(name);
    if (type?.kind === 'INPUT_OBJECT' && level < 2 && !isList(ref))
      for (const f of type.inputFields) visit(f.type, [...path, f.name], level + 1);
  };
  for (const a of op.args) visit(a.type, [a.name], 0);
  return slots;
}

/** Id fields that name a person: they take user ids. */
const PERSON = /^(owner|assignee|leadAuditor|user|reviewer|approver)Ids?$/;

/** The table an id slot points into, guessed from its name (`riskId`, `aiSystemIds`) or the operation's. */
function tableFor(slot: IdSlot, tables: string[]): string | undefined {
  const field = slot.path[slot.path.length - 1];
  if (PERSON.test(field)) return 'user_account';
  const hint = field === 'id' ? normal(slot.op.name) : normal(field.replace(/Ids?$/, ''));
  const exact = tables.find((t) => normal(t) === hint);
  if (exact) return exact;
  const contained = tables.filter((t) => hint.includes(normal(t))).sort((a, b) => b.length - a.length);
  return contained[0] ?? tables.find((t) => normal(t).endsWith(hint));
}

function withSlot(variables: Record<string, unknown>, slot: IdSlot, id: string): Record<string, unknown> {
  const copy = structuredClone(variables);
  let target = copy as Record<string, unknown>;
  for (const key of slot.path.slice(0, -1)) {
    target[key] = (target[key] as Record<string, unknown> | undefined) ?? {};
    target = target[key] as Record<string, unknown>;
  }
  target[slot.path[slot.path.length - 1]] = slot.list ? [id] : id;
  return copy;
}

describe('tenancy across the whole schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("treats another organisation's ids exactly like random ones in every operation that takes an id", async () => {
    // The other organisation: the demo seed, which holds a record in most tenant tables.
    await seedDemo(t.app).catch(() => seedDemo(t.app));
    const [{ id: theirs }] = await t.runtime.dataSource.query(
      `SELECT m.organisation_id AS id FROM membership m WHERE m.email = 'officer@demo.aims.local'`,
    );
    const tables: string[] = (
      await t.runtime.dataSource.query(
        `SELECT c.table_name AS name FROM information_schema.columns c
           JOIN information_schema.columns i ON i.table_name = c.table_name AND i.table_schema = c.table_schema
                AND i.column_name = 'id' AND i.data_type = 'uuid'
          WHERE c.table_schema = 'public' AND c.column_name = 'organisation_id'`,
      )
    ).map((r: { name: string }) => r.name);
    const foreign = new Map<string, string>();
    for (const table of tables) {
      const [row] = await t.runtime.dataSource.query(
        `SELECT id::text AS id FROM "${table}" WHERE organisation_id = $1 LIMIT 1`,
        [theirs],
      );
      if (row) foreign.set(table, row.id);
    }
    const [person] = await t.runtime.dataSource.query(
      `SELECT user_id::text AS id FROM membership WHERE organisation_id = $1 AND user_id IS NOT NULL LIMIT 1`,
      [theirs],
    );
    foreign.set('user_account', person.id);

    const mine = await createOrg(t.http);
    const schema = await walkSchema(t.http, mine.ownerToken);
    const slots = schema.operations.flatMap((op) => idSlots(schema, op));
    const compared: string[] = [];
    const codes: Record<string, number> = {};
    const differences: { slot: string; missing: unknown; foreign: unknown }[] = [];
    const run = (slot: IdSlot, id: string, base: Record<string, unknown>): Promise<GqlResponse> =>
      gql(t.http, mine.ownerToken, documentFor(slot.op), withSlot(base, slot, id));

    for (const slot of slots) {
      const label = `${slot.op.name}(${slot.path.join('.')})`;
      const table = tableFor(slot, [...foreign.keys()]);
      // An id whose kind cannot be guessed is tried with one record of every kind the other side holds.
      const candidates = table ? [table] : [...foreign.keys()];
      const base = plausibleVariables(schema, slot.op);
      const missingResponse = await run(slot, randomUUID(), base);
      const missing = responseShape(missingResponse);
      for (const kind of candidates) {
        const theirsShape = responseShape(await run(slot, foreign.get(kind)!, base));
        if (JSON.stringify(missing) !== JSON.stringify(theirsShape))
          differences.push({ slot: `${label} -> ${kind}`, missing, foreign: theirsShape });
      }
      compared.push(label);
      const code = errorCode(missingResponse) ?? 'OK';
      codes[code] = (codes[code] ?? 0) + 1;
    }

    expect(differences).toEqual([]);
    // The walk must reach the operations, not stop at guesses it cannot make.
    expect(compared.length).toBeGreaterThan(60);
    expect(codes.NOT_FOUND).toBeGreaterThan(compared.length / 2);
  }, 120000);
});
