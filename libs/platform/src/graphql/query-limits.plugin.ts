import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isIntrospectionType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  getVariableValues,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  ValueNode,
} from 'graphql';
import { BadUserInput } from '../errors/domain-errors';
import { DEFAULT_PAGE_SIZE } from './connection';
import { DEFAULT_LIST_BOUND, LIST_BOUND } from './list-bound';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
  maxExecutionMs: number;
  maxResponseBytes: number;
}

export interface QueryMeasure {
  depth: number;
  complexity: number;
}

/** A query refused for its shape: BAD_USER_INPUT on the field `query`, naming the limit it passed. */
class LimitExceeded extends BadUserInput {
  constructor(message: string, limit: string, extra: Record<string, unknown>) {
    super([{ field: 'query', message }]);
    Object.assign(this.details, { limit, ...extra });
  }
}

/**
 * Depth and cost of an operation in one pass over the document: each fragment is measured once and its
 * measure reused wherever it is spread, so documents that spread fragments into each other cost time
 * linear in their size, not exponential. A field costs 1 plus its children times its multiplier: the
 * `first` it asks for (connections), the declared bound of a plain list, 1 otherwise. Recursion stops as
 * soon as the depth limit is passed, so a deeply nested document cannot exhaust the stack.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxDepth: number,
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const measured = new Map<string, QueryMeasure>();
  const measuring = new Set<string>();

  const tooDeep = (depth: number) =>
    new LimitExceeded(`Query depth ${depth} exceeds the limit of ${maxDepth}`, 'depth', { maxDepth, depth });

  // The values the operation runs with: those sent, completed by the defaults the operation declares.
  const values =
    getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced ?? variables;

  const argumentNumber = (node: ValueNode | undefined): number | undefined => {
    if (!node) return undefined;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      const value = values[node.name.value];
      return typeof value === 'number' ? value : undefined;
    }
    return undefined;
  };

  const multiplier = (
    parent: GraphQLNamedType,
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
  ): number => {
    if (isIntrospectionType(parent)) return 1; // bounded by the schema itself
    const firstArg = field.args.find((a) => a.name === 'first');
    if (firstArg) {
      const given = argumentNumber(node.arguments?.find((a) => a.name.value === 'first')?.value);
      const fallback = typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_PAGE_SIZE;
      return Math.max(1, given ?? fallback);
    }
    if (isListType(getNullableType(field.type))) {
      const declared = field.extensions?.[LIST_BOUND];
      return typeof declared === 'number' ? declared : DEFAULT_LIST_BOUND;
    }
    return 1;
  };

  const measureSet = (
    set: SelectionSetNode | undefined,
    parent: GraphQLNamedType | undefined,
    level: number,
  ): QueryMeasure => {
    if (!set) return { depth: 0, complexity: 0 };
    let depth = 0;
    let complexity = 0;
    for (const sel of set.selections) {
      let child: QueryMeasure = { depth: 0, complexity: 0 };
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__typename') continue;
        if (level + 1 > maxDepth) throw tooDeep(level + 1);
        const field = fieldDefinition(schema, parent, sel.name.value);
        const type = field ? getNamedType(field.type) : undefined;
        const below =
          type && isCompositeType(type)
            ? measureSet(sel.selectionSet, type, level + 1)
            : { depth: 0, complexity: 0 };
        const times = field && parent ? multiplier(parent, field, sel) : 1;
        child = { depth: 1 + below.depth, complexity: 1 + times * below.complexity };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        child = measureSet(sel.selectionSet, on ?? undefined, level);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || measuring.has(name)) continue; // validation refuses unknown and cyclic spreads
        let known = measured.get(name);
        if (!known) {
          measuring.add(name);
          // Measured from level 0; the depth at this spread is checked below.
          known = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), 0);
          measuring.delete(name);
          measured.set(name, known);
        }
        if (level + known.depth > maxDepth) throw tooDeep(level + known.depth);
        child = known;
      }
      depth = Math.max(depth, child.depth);
      complexity += child.complexity;
    }
    return { depth, complexity };
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return measureSet(operation.selectionSet, root ?? undefined, 0);
}

function fieldDefinition(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (parent === schema.getQueryType() && name === '__schema') return SchemaMetaFieldDef;
  if (parent === schema.getQueryType() && name === '__type') return TypeMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/** Rough JSON size of a leaf value: strings, numbers and booleans without serialising them. */
function leafSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  return JSON.stringify(value)?.length ?? 4;
}

/** Rough JSON size of a resolved field, so the response-size limit can stop execution while it grows. */
function approximateSize(name: string, result: unknown, leaf: boolean): number {
  if (result === null || result === undefined) return name.length + 7;
  if (leaf) return name.length + 4 + leafSize(result);
  if (Array.isArray(result)) return name.length + 4 + result.length;
  return name.length + 4;
}

/**
 * Limits on what one query may cost, each answering in milliseconds: depth and cost are measured before
 * execution (BAD_USER_INPUT naming the limit); a query still resolving fields after `maxExecutionMs`
 * (QUERY_TIMEOUT) or whose answer grows past `maxResponseBytes` (RESPONSE_TOO_LARGE) is cut short: the
 * fields not yet resolved are refused and the answer is replaced by the one error. `now` is the injected
 * Clock's time in milliseconds. Mutations are measured
 * too but never cut short once running, so a committed change is never reported as failed.
 */
/**
 * The time limit is checked at the first field and then at every 32nd: a page resolves thousands of fields,
 * each in microseconds, and reading the clock for each of them was a measurable share of a page.
 */
const CLOCK_EVERY_FIELDS = 32;

export function queryLimitsPlugin(limits: QueryLimits, now: () => number): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      const started = now();
      let stopped: { code: string; message: string } | undefined;
      let bytes = 0;
      let fields = 0;
      let isQuery = false;
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          const measure = measureOperation(
            schema,
            document,
            operation as OperationDefinitionNode,
            request.variables ?? {},
            limits.maxDepth,
          );
          if (measure.complexity > limits.maxComplexity) {
            throw new LimitExceeded(
              `Query complexity ${measure.complexity} exceeds the limit of ${limits.maxComplexity}; request smaller pages or fewer nested lists`,
              'complexity',
              { complexity: measure.complexity, maxComplexity: limits.maxComplexity },
            );
          }
          isQuery = operation?.operation === 'query';
        },
        async executionDidStart() {
          if (!isQuery) return;
          return {
            willResolveField({ info }) {
              fields += 1;
              if (!stopped && fields % CLOCK_EVERY_FIELDS === 1 && now() - started > limits.maxExecutionMs) {
                stopped = {
                  code: 'QUERY_TIMEOUT',
                  message: `The query ran longer than ${limits.maxExecutionMs} ms and was stopped; ask for less`,
                };
              }
              if (stopped) throw new GraphQLError(stopped.message, { extensions: { code: stopped.code } });
              return (error, result) => {
                if (error) return;
                bytes += approximateSize(info.fieldName, result, isLeafType(getNamedType(info.returnType)));
                if (!stopped && bytes > limits.maxResponseBytes) {
                  stopped = {
                    code: 'RESPONSE_TOO_LARGE',
                    message: `The answer grew beyond ${limits.maxResponseBytes} bytes and was stopped; ask for less`,
                  };
                }
              };
            },
          };
        },
        async willSendResponse({ response }) {
          if (!stopped || response.body.kind !== 'single') return;
          response.body.singleResult = {
            data: null,
            errors: [{ message: stopped.message, extensions: { code: stopped.code } }],
          };
        },
      };
    },
  };
}
