import DataLoader from 'dataloader';
import type { GraphQLContext } from './graphql-context';

/**
 * Per-request DataLoaders. One instance is created for each GraphQL request (see graphql.module.ts), so
 * caches never outlive a request. Loader names should include the organisation id, because batch
 * functions always filter on it.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results by key: `byKey(keys, rows, r => r.id)`; missing keys give null. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups batch results by key: every key gets an array, possibly empty. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** A loader of the organisation's rows by id, kept under `name:organisationId` for the request. */
export function byIdLoader<T>(
  ctx: GraphQLContext,
  name: string,
  organisationId: string,
  fetch: (ids: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): DataLoader<string, T | null> {
  return ctx.loaders.get<string, T | null>(`${name}:${organisationId}`, async (ids) =>
    byKey(ids, await fetch(ids), idOf),
  );
}

/** A loader of the organisation's child rows grouped by parent id: one statement per kind of child. */
export function childrenLoader<T>(
  ctx: GraphQLContext,
  name: string,
  organisationId: string,
  fetch: (parentIds: readonly string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
): DataLoader<string, T[]> {
  return ctx.loaders.get<string, T[]>(`${name}:${organisationId}`, async (ids) =>
    groupByKey(ids, await fetch(ids), parentOf),
  );
}

/** Loads many by id and drops the missing ones. */
export async function present<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((r): r is T => r !== null && !(r instanceof Error));
}
