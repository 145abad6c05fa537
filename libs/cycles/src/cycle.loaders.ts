import DataLoader from 'dataloader';
import { byKey, GraphQLContext, groupByKey } from '@aims/platform';

/**
 * Per-request loaders for the records of cycles, audits and nonconformities: one statement per kind of
 * record whatever the number of parents on the page. Names carry the organisation (batch functions filter
 * on it).
 */
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

/** Loads many by id and drops the missing ones. */
export async function present<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((r): r is T => r !== null && !(r instanceof Error));
}
