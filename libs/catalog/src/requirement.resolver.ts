import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Actor, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { CatalogService, RequirementMappingView } from './catalog.service';
import {
  frameworkLoader,
  mappingSetLoader,
  requirementChildrenLoader,
  requirementLoader,
  requirementMappingsLoader,
} from './catalog.loaders';
import { RequirementMappingFilterInput } from './dto/requirement.filter';
import { Framework } from './framework.entity';
import { FrameworkModel } from './models/framework.model';
import { MappingSetModel, RequirementMappingModel } from './models/mapping-set.model';
import { RequirementModel } from './models/requirement.model';
import { Requirement } from './requirement.entity';

@Resolver(() => RequirementModel)
export class RequirementResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => RequirementModel, {
    description: 'A requirement by URN, e.g. urn:aims:req:iso-iec-42001-2023:6.1.3.',
  })
  @Roles(...Access.READ)
  requirement(@CurrentActor() actor: Actor, @Args('urn') urn: string) {
    return this.catalog.findRequirement(actor.organisationId, urn);
  }

  @ResolveField(() => Boolean, {
    description: 'Dropped from its framework file; kept because it may be referenced.',
  })
  retired(@Parent() requirement: Requirement): boolean {
    return requirement.retiredAt !== null;
  }

  @ResolveField(() => FrameworkModel)
  async framework(
    @Parent() requirement: Requirement,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return (await frameworkLoader(ctx, this.catalog, actor.organisationId).load(
      requirement.frameworkId,
    )) as Framework;
  }

  @ResolveField(() => RequirementModel, { nullable: true })
  parent(@Parent() requirement: Requirement, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return requirement.parentId
      ? requirementLoader(ctx, this.catalog, actor.organisationId).load(requirement.parentId)
      : null;
  }

  @ResolveField(() => [RequirementModel], { description: 'Current children in document order.' })
  children(@Parent() requirement: Requirement, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return requirementChildrenLoader(ctx, this.catalog, actor.organisationId).load(requirement.id);
  }

  @ResolveField(() => [RequirementModel], {
    description: 'From the top-level requirement down to the parent.',
  })
  async ancestors(
    @Parent() requirement: Requirement,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    const loaded = await requirementLoader(ctx, this.catalog, actor.organisationId).loadMany(
      requirement.ancestorIds,
    );
    return loaded.filter((r): r is Requirement => r !== null && !(r instanceof Error));
  }

  @ResolveField(() => [RequirementMappingModel], {
    description:
      'Mappings in both directions: those stored from this requirement (FORWARD) and those stored towards it ' +
      '(DERIVED, relationship inverted), from the built-in mapping sets and your organisation’s own.',
  })
  async mappings(
    @Parent() requirement: Requirement,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
    @Args('filter', { type: () => RequirementMappingFilterInput, nullable: true })
    filter?: RequirementMappingFilterInput,
  ): Promise<RequirementMappingView[]> {
    let views = await requirementMappingsLoader(ctx, this.catalog, actor.organisationId).load(requirement.id);
    if (filter?.relationship) views = views.filter((v) => v.relationship === filter.relationship);
    if (filter?.frameworkUrn) {
      const org = actor.organisationId;
      const others = await requirementLoader(ctx, this.catalog, org).loadMany(
        views.map((v) => v.otherRequirementId),
      );
      const frameworkIdOf = others.map((o) => (o && !(o instanceof Error) ? o.frameworkId : null));
      const ids = [...new Set(frameworkIdOf.filter((id): id is string => id !== null))];
      const frameworks = await frameworkLoader(ctx, this.catalog, org).loadMany(ids);
      const wanted = new Set(
        frameworks
          .filter((f): f is Framework => !!f && !(f instanceof Error) && f.urn === filter.frameworkUrn)
          .map((f) => f.id),
      );
      views = views.filter((_, i) => wanted.has(frameworkIdOf[i] ?? ''));
    }
    return views;
  }
}

@Resolver(() => RequirementMappingModel)
export class RequirementMappingResolver {
  constructor(private readonly catalog: CatalogService) {}

  @ResolveField(() => ID)
  id(@Parent() view: RequirementMappingView): string {
    return view.mappingId;
  }

  @ResolveField(() => RequirementModel, { description: 'The requirement at the other end of the mapping.' })
  async requirement(
    @Parent() view: RequirementMappingView,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return (await requirementLoader(ctx, this.catalog, actor.organisationId).load(
      view.otherRequirementId,
    )) as Requirement;
  }

  @ResolveField(() => MappingSetModel)
  async mappingSet(
    @Parent() view: RequirementMappingView,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return mappingSetLoader(ctx, this.catalog, actor.organisationId).load(view.mappingSetId);
  }
}
