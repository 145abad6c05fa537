import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Actor, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { CatalogService } from './catalog.service';
import { frameworkLoader, mappingsOfSetLoader, requirementLoader } from './catalog.loaders';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { FrameworkModel } from './models/framework.model';
import { MappingModel, MappingSetModel } from './models/mapping-set.model';
import { RequirementModel } from './models/requirement.model';
import { Requirement } from './requirement.entity';

@Resolver(() => MappingSetModel)
export class MappingSetResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => [MappingSetModel], {
    description: 'The built-in crosswalks and those your organisation imported.',
  })
  @Roles(...Access.READ)
  mappingSets(
    @CurrentActor() actor: Actor,
    @Args('frameworkUrn', { nullable: true, description: 'Only sets with this framework on either side.' })
    frameworkUrn?: string,
  ) {
    return this.catalog.listMappingSets(actor.organisationId, { frameworkUrn });
  }

  @ResolveField(() => Boolean)
  builtIn(@Parent() set: MappingSet): boolean {
    return set.organisationId === null;
  }

  @ResolveField(() => FrameworkModel)
  async sourceFramework(
    @Parent() set: MappingSet,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return (await frameworkLoader(ctx, this.catalog, actor.organisationId).load(
      set.sourceFrameworkId,
    )) as Framework;
  }

  @ResolveField(() => FrameworkModel)
  async targetFramework(
    @Parent() set: MappingSet,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return (await frameworkLoader(ctx, this.catalog, actor.organisationId).load(
      set.targetFrameworkId,
    )) as Framework;
  }

  @ResolveField(() => [MappingModel], { description: 'The stored rows, source to target, in file order.' })
  mappings(@Parent() set: MappingSet, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return mappingsOfSetLoader(ctx, this.catalog, actor.organisationId).load(set.id);
  }

  @ResolveField(() => Int, { description: 'Number of stored (source, target) rows.' })
  async mappingCount(
    @Parent() set: MappingSet,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ) {
    return (await mappingsOfSetLoader(ctx, this.catalog, actor.organisationId).load(set.id)).length;
  }
}

@Resolver(() => MappingModel)
export class MappingResolver {
  constructor(private readonly catalog: CatalogService) {}

  @ResolveField(() => RequirementModel)
  async source(@Parent() mapping: Mapping, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return (await requirementLoader(ctx, this.catalog, actor.organisationId).load(
      mapping.sourceRequirementId,
    )) as Requirement;
  }

  @ResolveField(() => RequirementModel)
  async target(@Parent() mapping: Mapping, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return (await requirementLoader(ctx, this.catalog, actor.organisationId).load(
      mapping.targetRequirementId,
    )) as Requirement;
  }
}
