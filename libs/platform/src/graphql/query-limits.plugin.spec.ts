import { FragmentDefinitionNode, getIntrospectionQuery, Kind, OperationDefinitionNode, parse } from 'graphql';
import { AppConfig } from '../config/app-config';
import { queryDepth } from './query-limits.plugin';

function depthOf(source: string): number {
  const doc = parse(source);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of doc.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return queryDepth(op.selectionSet, fragments);
}

describe('queryDepth', () => {
  it.each([
    ['{ me { role } }', 2],
    ['{ a { b { c } } d }', 3],
    ['{ __typename me { __typename } }', 1],
    ['query { ...F } fragment F on Query { a { b } }', 2],
    ['query { ... on Query { a { b { c } } } }', 3],
    ['query { ...F } fragment F on Query { a { ...F } }', 1], // a self-referencing fragment stops, it does not loop
  ])('%s has depth %i', (query, depth) => {
    expect(depthOf(query)).toBe(depth);
  });

  it('lets the standard introspection query (GraphQL clients) through the default limit', () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      inputValueDeprecation: true,
    });
    expect(depthOf(introspection)).toBeLessThanOrEqual(new AppConfig().GRAPHQL_MAX_DEPTH);
  });
});
