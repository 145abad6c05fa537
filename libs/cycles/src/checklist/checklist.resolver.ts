import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import { Access, Actor, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { UpdateChecklistItemInput } from './checklist.inputs';
import { ChecklistItemModel, UpdateChecklistItemPayload } from './checklist.model';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistService } from './checklist.service';

@Resolver(() => ChecklistItemModel)
export class ChecklistItemResolver {
  constructor(
    private readonly checklist: ChecklistService,
    private readonly members: MembershipService,
  ) {}

  @Mutation(() => UpdateChecklistItemPayload, { description: 'Sets the status, owner or notes of a clause.' })
  @Roles(...Access.GOVERN)
  async updateChecklistItem(@CurrentActor() actor: Actor, @Args('input') input: UpdateChecklistItemInput) {
    return { checklistItem: await this.checklist.update(actor, input) };
  }

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Null when the owner is no longer a member.',
  })
  owner(@Parent() item: ChecklistItem, @Context() ctx: GraphQLContext) {
    return item.ownerId ? memberLoader(ctx, this.members, item.organisationId).load(item.ownerId) : null;
  }
}
