import DataLoader from 'dataloader';
import { byIdLoader, childrenLoader, Connection, GraphQLContext } from '@aims/platform';
import { CatalogService, RequirementFilter, RequirementMappingView } from './catalog.service';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';
import { RequirementKind } from './requirement-kind';

/*
 * The catalog's per-request DataLoaders, kept in the request's RequestLoaders under names that carry the
 * organisation, so every nested field costs one statement per level whatever the page size. Each is
 * called as `xLoader(ctx, catalog, organisationId)`.
 */

type Fetch<T> = (catalog: CatalogService, org: string, ids: readonly string[]) => Promise<T[]>;
type Loader<V> = (ctx: GraphQLContext, catalog: CatalogService, org: string) => DataLoader<string, V>;

/** A loader of catalog rows by id. */
const rowsById =
  <T extends { id: string }>(name: string, fetch: Fetch<T>): Loader<T | null> =>
  (ctx, catalog, org) =>
    byIdLoader(
      ctx,
      name,
      org,
      (ids) => fetch(catalog, org, ids),
      (row) => row.id,
    );

/** A loader of catalog rows grouped by the parent `parentOf` names. */
const rowsByParent =
  <T>(name: string, fetch: Fetch<T>, parentOf: (row: T) => string): Loader<T[]> =>
  (ctx, catalog, org) =>
    childrenLoader(ctx, name, org, (ids) => fetch(catalog, org, ids), parentOf);

export const frameworkLoader = rowsById<Framework>('catalog.framework', (c, org, ids) =>
  c.frameworksByIds(org, ids),
);

export const requirementLoader = rowsById<Requirement>('catalog.requirement', (c, org, ids) =>
  c.requirementsByIds(org, ids),
);

export const mappingSetLoader = rowsById<MappingSet>('catalog.mappingSet', (c, org, ids) =>
  c.mappingSetsByIds(org, ids),
);

export const requirementChildrenLoader = rowsByParent<Requirement>(
  'catalog.children',
  (c, org, ids) => c.childrenOf(org, ids),
  (r) => r.parentId as string,
);

export const frameworkRootsLoader = rowsByParent<Requirement>(
  'catalog.roots',
  (c, org, ids) => c.requirementsIn(org, ids, { topLevel: true }),
  (r) => r.frameworkId,
);

export const kindCountsLoader = rowsByParent<{ frameworkId: string; kind: RequirementKind; count: number }>(
  'catalog.kindCounts',
  (c, org, ids) => c.kindCounts(org, ids),
  (row) => row.frameworkId,
);

export const mappingsOfSetLoader = rowsByParent<Mapping>(
  'catalog.mappingsOfSet',
  (c, org, ids) => c.mappingsOfSets(org, ids),
  (m) => m.mappingSetId,
);

/** One loader per distinct (filter, page) so that frameworks asking for the same page batch together. */
export function requirementPageLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
  args: { filter: RequirementFilter; first: number; after?: string },
): DataLoader<string, Connection<Requirement>> {
  return ctx.loaders.get(
    `catalog.requirementPage:${org}:${JSON.stringify(args)}`,
    (frameworkIds: readonly string[]) =>
      catalog.requirementPages(org, frameworkIds, args.filter, args.first, args.after),
  );
}

export function requirementMappingsLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, RequirementMappingView[]> {
  return ctx.loaders.get(`catalog.mappings:${org}`, async (ids: readonly string[]) => {
    const views = await catalog.mappingsFor(org, ids);
    return ids.map((id) => views.get(id) ?? []);
  });
}
