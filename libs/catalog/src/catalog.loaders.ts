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
 * organisation, so every nested field costs one statement per level whatever the page size.
 */

export function frameworkLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, Framework | null> {
  return byIdLoader(
    ctx,
    'catalog.framework',
    org,
    (ids) => catalog.frameworksByIds(org, ids),
    (f) => f.id,
  );
}

export function requirementLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, Requirement | null> {
  return byIdLoader(
    ctx,
    'catalog.requirement',
    org,
    (ids) => catalog.requirementsByIds(org, ids),
    (r) => r.id,
  );
}

export function requirementChildrenLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, Requirement[]> {
  return childrenLoader(
    ctx,
    'catalog.children',
    org,
    (ids) => catalog.childrenOf(org, ids),
    (r) => r.parentId as string,
  );
}

export function frameworkRootsLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, Requirement[]> {
  return childrenLoader(
    ctx,
    'catalog.roots',
    org,
    (ids) => catalog.requirementsIn(org, ids, { topLevel: true }),
    (r) => r.frameworkId,
  );
}

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

export function kindCountsLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, { kind: RequirementKind; count: number }[]> {
  return childrenLoader(
    ctx,
    'catalog.kindCounts',
    org,
    (ids) => catalog.kindCounts(org, ids),
    (row) => row.frameworkId,
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

export function mappingSetLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, MappingSet | null> {
  return byIdLoader(
    ctx,
    'catalog.mappingSet',
    org,
    (ids) => catalog.mappingSetsByIds(org, ids),
    (s) => s.id,
  );
}

export function mappingsOfSetLoader(
  ctx: GraphQLContext,
  catalog: CatalogService,
  org: string,
): DataLoader<string, Mapping[]> {
  return childrenLoader(
    ctx,
    'catalog.mappingsOfSet',
    org,
    (ids) => catalog.mappingsOfSets(org, ids),
    (m) => m.mappingSetId,
  );
}
