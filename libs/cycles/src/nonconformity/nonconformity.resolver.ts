import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import { Access, Actor, Clock, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { AuditFindingModel } from '../internal-audit/internal-audit.model';
import { correctiveActionsLoader, findingLoader, nonconformityLoader } from '../cycles.loaders';
import {
  AddCorrectiveActionPayload,
  CompleteCorrectiveActionPayload,
  CorrectiveActionModel,
  NonconformityModel,
  RaiseNonconformityPayload,
  UpdateNonconformityPayload,
} from './nonconformity.model';
import { CorrectiveActionStatus } from './nonconformity.enums';
import { CorrectiveAction } from './corrective-action.entity';
import {
  AddCorrectiveActionInput,
  CompleteCorrectiveActionInput,
  DecideNoCorrectiveActionInput,
  RaiseNonconformityInput,
  UpdateNonconformityInput,
} from './nonconformity.inputs';
import { InternalAuditService } from '../internal-audit/internal-audit.service';
import { Nonconformity } from './nonconformity.entity';
import { NonconformityService } from './nonconformity.service';

@Resolver(() => NonconformityModel)
export class NonconformityResolver {
  constructor(
    private readonly nonconformities: NonconformityService,
    private readonly audits: InternalAuditService,
  ) {}

  @Mutation(() => RaiseNonconformityPayload, {
    description:
      'Raises a nonconformity from an audit finding, an incident, a management review or otherwise.',
  })
  @Roles(...Access.GOVERN)
  async raiseNonconformity(@CurrentActor() actor: Actor, @Args('input') input: RaiseNonconformityInput) {
    return { nonconformity: await this.nonconformities.raise(actor, input) };
  }

  @Mutation(() => UpdateNonconformityPayload, {
    description: 'Records the root cause of an open nonconformity.',
  })
  @Roles(...Access.GOVERN)
  async updateNonconformity(@CurrentActor() actor: Actor, @Args('input') input: UpdateNonconformityInput) {
    return { nonconformity: await this.nonconformities.update(actor, input) };
  }

  @Mutation(() => UpdateNonconformityPayload, {
    description:
      'Records that an open MINOR nonconformity needs no corrective action, with the reason, and closes it (ISO/IEC 42001 10.2 b).',
  })
  @Roles(...Access.GOVERN)
  async decideNoCorrectiveAction(
    @CurrentActor() actor: Actor,
    @Args('input') input: DecideNoCorrectiveActionInput,
  ) {
    return { nonconformity: await this.nonconformities.decideNoCorrectiveAction(actor, input) };
  }

  @Mutation(() => AddCorrectiveActionPayload)
  @Roles(...Access.GOVERN)
  addCorrectiveAction(@CurrentActor() actor: Actor, @Args('input') input: AddCorrectiveActionInput) {
    return this.nonconformities.addCorrectiveAction(actor, input);
  }

  @Mutation(() => CompleteCorrectiveActionPayload)
  @Roles(...Access.GOVERN)
  completeCorrectiveAction(
    @CurrentActor() actor: Actor,
    @Args('input') input: CompleteCorrectiveActionInput,
  ) {
    return this.nonconformities.completeCorrectiveAction(actor, input);
  }

  @ResolveField(() => [CorrectiveActionModel])
  correctiveActions(@Parent() nc: Nonconformity, @Context() ctx: GraphQLContext) {
    return correctiveActionsLoader(ctx, this.nonconformities, nc.organisationId).load(nc.id);
  }

  @ResolveField(() => AuditFindingModel, { nullable: true })
  finding(@Parent() nc: Nonconformity, @Context() ctx: GraphQLContext) {
    return nc.findingId ? findingLoader(ctx, this.audits, nc.organisationId).load(nc.findingId) : null;
  }

  @ResolveField(() => NonconformityModel, {
    nullable: true,
    description: 'The nonconformity of the previous cycle this one continues.',
  })
  carriedFrom(@Parent() nc: Nonconformity, @Context() ctx: GraphQLContext) {
    return nc.carriedFromId
      ? nonconformityLoader(ctx, this.nonconformities, nc.organisationId).load(nc.carriedFromId)
      : null;
  }
}

@Resolver(() => CorrectiveActionModel)
export class CorrectiveActionResolver {
  constructor(
    private readonly members: MembershipService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Null when the owner is no longer a member.',
  })
  owner(@Parent() action: CorrectiveAction, @Context() ctx: GraphQLContext) {
    return action.ownerId
      ? memberLoader(ctx, this.members, action.organisationId).load(action.ownerId)
      : null;
  }

  @ResolveField(() => Boolean, { description: 'Open and past its due date.' })
  overdue(@Parent() action: CorrectiveAction): boolean {
    return action.status === CorrectiveActionStatus.OPEN && action.dueAt <= this.clock.now();
  }
}
