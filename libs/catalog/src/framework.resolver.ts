import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Actor, ConnectionArgs, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { CatalogService } from './catalog.service';
import { frameworkRootsLoader, kindCountsLoader, requirementPageLoader } from './catalog.loaders';
import { RequirementFilterInput } from './dto/requirement.filter';
import { Framework } from './framework.entity';
import { FrameworkModel, RequirementConnection, RequirementKindCount } from './models/framework.model';
import { RequirementModel } from './models/requirement.model';

@Resolver(() => FrameworkModel)
export class FrameworkResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => [FrameworkModel], {
    description: 'The built-in frameworks and those your organisation imported.',
  })
  @Roles(...Access.READ)
  frameworks(@CurrentActor() actor: Actor) {
    return this.catalog.listFrameworks(actor.organisationId);
  }

  @Query(() => FrameworkModel)
  @Roles(...Access.READ)
  framework(@CurrentActor() actor: Actor, @Args('urn') urn: string) {
    return this.catalog.findFramework(actor.organisationId, urn);
  }

  @ResolveField(() => Boolean, { description: 'True for the catalogs AIMS ships; false for imported ones.' })
  builtIn(@Parent() framework: Framework): boolean {
    return framework.organisationId === null;
  }

  @ResolveField(() => RequirementConnection, { description: 'Requirements in document order.' })
  requirements(
    @Parent() framework: Framework,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => RequirementFilterInput, nullable: true }) filter?: RequirementFilterInput,
  ) {
    const args = { filter: { ...filter }, first: page.first, after: page.after };
    return requirementPageLoader(ctx, this.catalog, actor.organisationId, args).load(framework.id);
  }

  @ResolveField(() => [RequirementModel], { description: 'Top-level requirements, the roots of the tree.' })
  roots(@Parent() framework: Framework, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return frameworkRootsLoader(ctx, this.catalog, actor.organisationId).load(framework.id);
  }

  @ResolveField(() => [RequirementKindCount], { description: 'Current requirements per kind.' })
  countsByKind(@Parent() framework: Framework, @CurrentActor() actor: Actor, @Context() ctx: GraphQLContext) {
    return kindCountsLoader(ctx, this.catalog, actor.organisationId).load(framework.id);
  }
}
