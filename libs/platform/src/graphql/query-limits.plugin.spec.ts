import {
  buildSchema,
  getIntrospectionQuery,
  GraphQLObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { AppConfig } from '../config/app-config';
import { DEFAULT_LIST_BOUND, LIST_BOUND } from './list-bound';
import { measureOperation } from './query-limits.plugin';

const schema = buildSchema(`
  type Query { me: Me risks(first: Int = 20): RiskConnection a: A phases: [String!]! }
  type Me { role: String }
  type A { b: A c: String list: [A!]! }
  type RiskConnection { edges: [RiskEdge!]! totalCount: Int }
  type RiskEdge { node: Risk }
  type Risk { id: ID title: String aiSystems: [AISystem!]! }
  type AISystem { id: ID risks: [Risk!]! }
`);
// As ConnectionType declares it: the connection field already multiplied its children by `first`.
Object.assign((schema.getType('RiskConnection') as GraphQLObjectType).getFields().edges, {
  extensions: { [LIST_BOUND]: 1 },
});

function measure(source: string, variables: Record<string, unknown> = {}, maxDepth = 15) {
  const doc = parse(source);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return measureOperation(schema, doc, op, variables, maxDepth);
}

describe('measureOperation', () => {
  it.each([
    ['{ me { role } }', 2],
    ['{ a { b { c } } me { role } }', 3],
    ['{ __typename me { __typename } }', 1],
    ['query { ...F } fragment F on Query { a { b { c } } }', 3],
    ['query { ... on Query { a { b { c } } } }', 3],
    ['query { a { ...F } } fragment F on A { b { ...F } }', 2], // a cyclic spread stops, it does not loop
  ])('%s has depth %i', (query, depth) => {
    expect(measure(query).depth).toBe(depth);
  });

  it('multiplies list fields by `first`, connections once, and plain lists by their bound', () => {
    expect(measure('{ risks(first: 10) { edges { node { id title } } } }').complexity).toBe(1 + 10 * (1 + 3));
    expect(measure('query($n: Int) { risks(first: $n) { totalCount } }', { n: 50 }).complexity).toBe(51);
    expect(measure('{ risks { totalCount } }').complexity).toBe(1 + 20);
    expect(measure('{ phases }').complexity).toBe(1);
    expect(measure('{ risks(first: 1) { edges { node { aiSystems { id } } } } }').complexity).toBe(
      1 + (1 + (1 + (1 + DEFAULT_LIST_BOUND))),
    );
  });

  it('prices nested plain lists (the register walk that returned 51 MB) far beyond the default limit', () => {
    const walk =
      '{ risks(first: 100) { edges { node { aiSystems { risks { aiSystems { risks { id } } } } } } } }';
    expect(measure(walk).complexity).toBeGreaterThan(new AppConfig().GRAPHQL_MAX_COMPLEXITY);
  });

  it('measures each fragment once: 40 fragments each spreading the next twice take no time', () => {
    const defs = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on A { ${i === 39 ? 'c' : `b { ...F${i + 1} } list { ...F${i + 1} }`} }`,
    );
    const doc = `query { a { ...F0 } } ${defs.join(' ')}`;
    const { complexity, depth } = measure(doc, {}, 100);
    expect(depth).toBe(41);
    expect(complexity).toBeGreaterThan(2 ** 40);
  });

  it('stops at the depth limit instead of walking a deeply nested document', () => {
    const deep = `{ a { ${'b { '.repeat(500)}c${' }'.repeat(501)} }`;
    expect(() => measure(deep, {}, 15)).toThrow(/depth 16 exceeds the limit of 15/);
  });

  it('lets the standard introspection query (GraphQL clients) through the default limits', () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      inputValueDeprecation: true,
    });
    const config = new AppConfig();
    const { depth, complexity } = measure(introspection, {}, config.GRAPHQL_MAX_DEPTH);
    expect(depth).toBeLessThanOrEqual(config.GRAPHQL_MAX_DEPTH);
    expect(complexity).toBeLessThanOrEqual(config.GRAPHQL_MAX_COMPLEXITY);
  });
});
