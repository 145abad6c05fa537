import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { byKey, Connection, GraphQLContext, groupByKey } from '@aims/platform';
import { CatalogService, RequirementFilter, RequirementMappingView } from './catalog.service';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';
import { RequirementKind } from './requirement-kind';

/**
 * The catalog's per-request DataLoaders, kept in the request's RequestLoaders under names that carry the
 * organisation, so every nested field costs one statement per level whatever the page size.
 */
@Injectable()
export class CatalogLoaders {
  constructor(private readonly catalog: CatalogService) {}

  frameworkById(ctx: GraphQLContext, org: string): DataLoader<string, Framework | null> {
    return ctx.loaders.get(`catalog.framework:${org}`, async (ids: readonly string[]) =>
      byKey(ids, await this.catalog.frameworksByIds(org, ids), (f) => f.id),
    );
  }

  requirementById(ctx: GraphQLContext, org: string): DataLoader<string, Requirement | null> {
    return ctx.loaders.get(`catalog.requirement:${org}`, async (ids: readonly string[]) =>
      byKey(ids, await this.catalog.requirementsByIds(org, ids), (r) => r.id),
    );
  }

  childrenByParentId(ctx: GraphQLContext, org: string): DataLoader<string, Requirement[]> {
    return ctx.loaders.get(`catalog.children:${org}`, async (ids: readonly string[]) =>
      groupByKey(ids, await this.catalog.childrenOf(org, ids), (r) => r.parentId as string),
    );
  }

  rootsByFrameworkId(ctx: GraphQLContext, org: string): DataLoader<string, Requirement[]> {
    return ctx.loaders.get(`catalog.roots:${org}`, async (ids: readonly string[]) =>
      groupByKey(ids, await this.catalog.requirementsIn(org, ids, { topLevel: true }), (r) => r.frameworkId),
    );
  }

  /** One loader per distinct (filter, page) so that frameworks asking for the same page batch together. */
  requirementPage(
    ctx: GraphQLContext,
    org: string,
    args: { filter: RequirementFilter; first: number; after?: string },
  ): DataLoader<string, Connection<Requirement>> {
    return ctx.loaders.get(
      `catalog.requirementPage:${org}:${JSON.stringify(args)}`,
      (frameworkIds: readonly string[]) =>
        this.catalog.requirementPages(org, frameworkIds, args.filter, args.first, args.after),
    );
  }

  kindCounts(
    ctx: GraphQLContext,
    org: string,
  ): DataLoader<string, { kind: RequirementKind; count: number }[]> {
    return ctx.loaders.get(`catalog.kindCounts:${org}`, async (ids: readonly string[]) =>
      groupByKey(ids, await this.catalog.kindCounts(org, ids), (row) => row.frameworkId),
    );
  }

  mappingsByRequirementId(ctx: GraphQLContext, org: string): DataLoader<string, RequirementMappingView[]> {
    return ctx.loaders.get(`catalog.mappings:${org}`, async (ids: readonly string[]) => {
      const views = await this.catalog.mappingsFor(org, ids);
      return ids.map((id) => views.get(id) ?? []);
    });
  }

  mappingSetById(ctx: GraphQLContext, org: string): DataLoader<string, MappingSet | null> {
    return ctx.loaders.get(`catalog.mappingSet:${org}`, async (ids: readonly string[]) =>
      byKey(ids, await this.catalog.mappingSetsByIds(org, ids), (s) => s.id),
    );
  }

  mappingsBySetId(ctx: GraphQLContext, org: string): DataLoader<string, Mapping[]> {
    return ctx.loaders.get(`catalog.mappingsOfSet:${org}`, async (ids: readonly string[]) =>
      groupByKey(ids, await this.catalog.mappingsOfSets(org, ids), (m) => m.mappingSetId),
    );
  }
}
