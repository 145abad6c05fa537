import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, Actor, ConnectionArgs, CurrentActor, Roles } from '@aims/platform';
import { SetRequirementStatusInput } from './requirement-status.inputs';
import {
  RequirementStatusConnection,
  RequirementStatusModel,
  SetRequirementStatusPayload,
} from './requirement-status.model';
import { RequirementStatusService } from './requirement-status.service';

@Resolver(() => RequirementStatusModel)
export class RequirementStatusResolver {
  constructor(private readonly statuses: RequirementStatusService) {}

  @Query(() => RequirementStatusConnection, {
    description: 'The organisation’s conformity statements, newest first.',
  })
  @Roles(...Access.READ)
  requirementStatuses(@CurrentActor() actor: Actor, @Args() { first, after }: ConnectionArgs) {
    return this.statuses.list(actor, first, after);
  }

  @Mutation(() => SetRequirementStatusPayload, {
    description:
      'States conformity to a requirement outside the cycle checklist and SoA (any framework), with justification and owner; audited. Coverage then counts evidence up to FULL.',
  })
  @Roles(...Access.GOVERN)
  async setRequirementStatus(@CurrentActor() actor: Actor, @Args('input') input: SetRequirementStatusInput) {
    return { requirementStatus: await this.statuses.set(actor, input) };
  }
}
