import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';

/** A list field costs its child complexity times the page size requested (`first`, default 20). */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * args.first;
  return undefined;
};

export function queryDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const sel of selectionSet.selections) {
    let depth = 0;
    if (sel.kind === Kind.FIELD) {
      depth = sel.name.value === '__typename' ? 0 : 1 + queryDepth(sel.selectionSet, fragments, seen);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      depth = queryDepth(sel.selectionSet, fragments, seen);
    } else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
      const frag = fragments[sel.name.value];
      depth = frag ? queryDepth(frag.selectionSet, fragments, new Set([...seen, sel.name.value])) : 0;
    }
    max = Math.max(max, depth);
  }
  return max;
}

/** Rejects queries nested deeper than `maxDepth` or costlier than `maxComplexity` before they run. */
export function queryLimitsPlugin(limits: { maxDepth: number; maxComplexity: number }): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of document.definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          }
          const depth = queryDepth((operation as OperationDefinitionNode).selectionSet, fragments);
          if (depth > limits.maxDepth) {
            throw new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'query', depth, maxDepth: limits.maxDepth },
            });
          }
          const complexity = getComplexity({
            schema,
            operationName: request.operationName ?? undefined,
            query: document,
            variables: request.variables ?? {},
            estimators: [
              fieldExtensionsEstimator(),
              pageSizeEstimator,
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
          if (complexity > limits.maxComplexity) {
            throw new GraphQLError(
              `Query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}; request smaller pages`,
              {
                extensions: {
                  code: 'BAD_USER_INPUT',
                  field: 'query',
                  complexity,
                  maxComplexity: limits.maxComplexity,
                },
              },
            );
          }
        },
      };
    },
  };
}
