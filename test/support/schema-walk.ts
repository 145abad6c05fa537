import { randomUUID } from 'node:crypto';
import { getIntrospectionQuery, IntrospectionQuery, IntrospectionTypeRef } from 'graphql';
import { gqlOk } from './gql';

/** The schema as any client sees it, for tests that walk every operation without naming them. */
export interface SchemaWalk {
  types: Map<string, IntrospectionQuery['__schema']['types'][number]>;
  operations: Operation[];
}

export interface Argument {
  name: string;
  type: IntrospectionTypeRef;
}

export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
  args: Argument[];
  returnsComposite: boolean;
}

export async function walkSchema(http: unknown, token: string): Promise<SchemaWalk> {
  const { __schema } = await gqlOk<IntrospectionQuery>(http, token, getIntrospectionQuery());
  const types = new Map(__schema.types.map((t) => [t.name, t]));
  const operations: Operation[] = [];
  for (const [kind, root] of [
    ['query', __schema.queryType?.name],
    ['mutation', __schema.mutationType?.name],
  ] as const) {
    const type = root ? types.get(root) : undefined;
    if (!type || type.kind !== 'OBJECT') continue;
    for (const field of type.fields) {
      const named = types.get(namedType(field.type));
      operations.push({
        kind,
        name: field.name,
        args: field.args.map((a) => ({ name: a.name, type: a.type })),
        returnsComposite: named?.kind === 'OBJECT' || named?.kind === 'INTERFACE' || named?.kind === 'UNION',
      });
    }
  }
  return { types, operations };
}

export function namedType(ref: IntrospectionTypeRef): string {
  let t: IntrospectionTypeRef = ref;
  while (t.kind === 'NON_NULL' || t.kind === 'LIST') t = (t as { ofType: IntrospectionTypeRef }).ofType;
  return (t as { name: string }).name;
}

export function typeString(ref: IntrospectionTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeString(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeString(ref.ofType)}]`;
  return ref.name;
}

export const isRequired = (ref: IntrospectionTypeRef) => ref.kind === 'NON_NULL';
export const isList = (ref: IntrospectionTypeRef): boolean =>
  ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && ref.ofType.kind === 'LIST');

/** The document for one operation with every argument passed as a variable. */
export function documentFor(op: Operation): string {
  const vars = op.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const args = op.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${op.kind}${vars ? `(${vars})` : ''} { ${op.name}${args ? `(${args})` : ''}${op.returnsComposite ? ' { __typename }' : ''} }`;
}

/**
 * A plausible value for a type: every required field filled (text, numbers, the first enum value,
 * fresh UUIDs for ids, a date), optional ones left out, so that a call gets past input validation as
 * far as a generic client can take it.
 */
export function plausible(schema: SchemaWalk, ref: IntrospectionTypeRef, depth = 0): unknown {
  if (ref.kind === 'NON_NULL') return plausible(schema, ref.ofType, depth);
  if (ref.kind === 'LIST') return [plausible(schema, ref.ofType, depth)];
  const type = schema.types.get(ref.name);
  switch (type?.kind) {
    case 'ENUM':
      return type.enumValues[0].name;
    case 'INPUT_OBJECT': {
      if (depth > 4) return {};
      const value: Record<string, unknown> = {};
      for (const f of type.inputFields)
        if (isRequired(f.type) && f.defaultValue == null)
          value[f.name] = plausible(schema, f.type, depth + 1);
      return value;
    }
    default:
      return scalarValue(ref.name);
  }
}

function scalarValue(name: string): unknown {
  switch (name) {
    case 'ID':
      return randomUUID();
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2027-01-01T00:00:00.000Z';
    case 'JSON':
    case 'JSONObject':
      return {};
    default:
      return 'plausible text';
  }
}

/** Variables holding a plausible value for every required argument of an operation. */
export function plausibleVariables(schema: SchemaWalk, op: Operation): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const a of op.args) if (isRequired(a.type)) variables[a.name] = plausible(schema, a.type);
  return variables;
}
