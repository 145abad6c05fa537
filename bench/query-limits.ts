import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildSchema,
  DocumentNode,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { LIST_BOUND, loadConfig, measureOperation } from '@aims/platform';

/**
 * How long the API takes to refuse a hostile document before execution (parse, validate, measure),
 * against a one-field query measured the same way in the same process, and how the time grows with the
 * number of fragment levels. No database needed:
 * `npm run build && node dist/bench/query-limits.js`.
 */
const config = loadConfig({});
const schema: GraphQLSchema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
for (const type of Object.values(schema.getTypeMap()))
  if (type instanceof GraphQLObjectType && type.name.endsWith('Connection') && type.getFields().edges)
    Object.assign(type.getFields().edges, { extensions: { [LIST_BOUND]: 1 } });

function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1
      ? `fragment F${i} on Framework { id name }`
      : `fragment F${i} on Framework { id ...F${i + 1} ...F${i + 1} }`,
  );
  return `query { frameworks { ...F0 } } ${fragments.join(' ')}`;
}

function refuse(source: string): { ms: number; outcome: string } {
  const started = performance.now();
  let outcome = 'accepted';
  try {
    const document: DocumentNode = parse(source, { maxTokens: config.GRAPHQL_MAX_TOKENS });
    const errors = validate(schema, document);
    if (errors.length) outcome = 'invalid';
    else {
      const op = document.definitions.find(
        (d) => d.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const { complexity } = measureOperation(schema, document, op, {}, config.GRAPHQL_MAX_DEPTH);
      if (complexity > config.GRAPHQL_MAX_COMPLEXITY)
        outcome = `refused (cost ${complexity.toExponential(2)})`;
    }
  } catch (err) {
    outcome = `refused (${(err as Error).message.slice(0, 60)})`;
  }
  return { ms: performance.now() - started, outcome };
}

function median(runs: number, fn: () => number): number {
  const times = Array.from({ length: runs }, fn).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const baseline = median(51, () => refuse('{ me { role } }').ms);
const cases: [string, string][] = [
  ['fragment bomb, 22 levels', fragmentBomb(22)],
  [
    'nested plain lists',
    `{ risks(first: 100) { edges { node { ${'aiSystems { risks { '.repeat(4)}id${' } }'.repeat(4)} } } } }`,
  ],
  ['3,000-deep document', `{ ${'me { '.repeat(3000)}role${' }'.repeat(3000)} }`],
];
process.stdout.write(`baseline { me { role } }: ${baseline.toFixed(3)} ms\n`);
for (const [name, source] of cases) {
  const { outcome } = refuse(source);
  const ms = median(11, () => refuse(source).ms);
  process.stdout.write(`${name}: ${ms.toFixed(3)} ms, ${(ms / baseline).toFixed(1)}x baseline, ${outcome}\n`);
}

// Measured once per fragment, the time grows with the document, not with 2^levels.
for (const levels of [10, 16, 22, 28]) {
  const ms = median(11, () => refuse(fragmentBomb(levels)).ms);
  process.stdout.write(
    `fragment bomb, ${levels} levels: ${ms.toFixed(3)} ms (2^${levels} fields if expanded)\n`,
  );
}
