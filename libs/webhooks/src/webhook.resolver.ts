import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  Access,
  Actor,
  ConnectionArgs,
  CurrentActor,
  GraphQLContext,
  IdArgs,
  Role,
  HumanSession,
  Roles,
} from '@aims/platform';
import {
  CreateWebhookEndpointInput,
  EndpointIdArgs,
  RedeliverWebhookInput,
  ReplayWebhookEventsInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
  WebhookEndpointIdInput,
} from './dto/webhook.inputs';
import { EVENT_CATALOG } from './event-catalog';
import { WebhookEndpointService } from './webhook-endpoint.service';
import { attemptsLoader } from './webhook.loaders';
import {
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointPayload,
  ReplayWebhookEventsPayload,
  RotateWebhookSecretPayload,
  UpdateWebhookEndpointPayload,
  WebhookAttemptModel,
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookDeliveryPayload,
  WebhookEndpointModel,
  WebhookEventTypeModel,
} from './webhook.model';

/** Who may read webhook configuration and logs: those who manage it, and compliance officers. */
const READ_WEBHOOKS = [...Access.MANAGE, Role.COMPLIANCE_OFFICER];

@Resolver(() => WebhookEndpointModel)
export class WebhookResolver {
  constructor(private readonly webhooks: WebhookEndpointService) {}

  @Query(() => [WebhookEventTypeModel], {
    description: 'The event types endpoints can subscribe to, with example data.',
  })
  @Roles(...READ_WEBHOOKS)
  webhookEventTypes(): WebhookEventTypeModel[] {
    return EVENT_CATALOG;
  }

  @Query(() => [WebhookEndpointModel])
  @Roles(...READ_WEBHOOKS)
  webhookEndpoints(@CurrentActor() actor: Actor) {
    return this.webhooks.list(actor);
  }

  @Query(() => WebhookEndpointModel)
  @Roles(...READ_WEBHOOKS)
  webhookEndpoint(@CurrentActor() actor: Actor, @Args() args: IdArgs) {
    return this.webhooks.get(actor, args.id);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries to one endpoint, newest first.' })
  @Roles(...READ_WEBHOOKS)
  async webhookDeliveries(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args() endpoint: EndpointIdArgs,
    @Args('filter', { type: () => WebhookDeliveryFilter, nullable: true }) filter?: WebhookDeliveryFilter,
  ) {
    const result = await this.webhooks.deliveries(
      actor,
      endpoint.endpointId,
      filter ?? {},
      page.first,
      page.after,
    );
    return {
      ...result,
      edges: result.edges.map((e) => ({ cursor: e.cursor, node: this.webhooks.toDeliveryModel(e.node) })),
    };
  }

  @Mutation(() => CreateWebhookEndpointPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  createWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: CreateWebhookEndpointInput) {
    return this.webhooks.create(actor, input);
  }

  @Mutation(() => UpdateWebhookEndpointPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  async updateWebhookEndpoint(
    @CurrentActor() actor: Actor,
    @Args('input') input: UpdateWebhookEndpointInput,
  ) {
    return { endpoint: await this.webhooks.update(actor, input) };
  }

  @Mutation(() => DeleteWebhookEndpointPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  async deleteWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointIdInput) {
    return { id: await this.webhooks.delete(actor, input.id) };
  }

  @Mutation(() => RotateWebhookSecretPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  rotateWebhookSecret(@CurrentActor() actor: Actor, @Args('input') input: RotateWebhookSecretInput) {
    return this.webhooks.rotate(actor, input);
  }

  @Mutation(() => WebhookDeliveryPayload, { description: 'Sends a webhook.test event to the endpoint.' })
  @Roles(...Access.MANAGE)
  async testWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointIdInput) {
    return { delivery: this.webhooks.toDeliveryModel(await this.webhooks.test(actor, input.id)) };
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'Sends a delivery again, under the same webhook-id.',
  })
  @Roles(...Access.MANAGE)
  async redeliverWebhook(@CurrentActor() actor: Actor, @Args('input') input: RedeliverWebhookInput) {
    return {
      delivery: this.webhooks.toDeliveryModel(await this.webhooks.redeliver(actor, input.deliveryId)),
    };
  }

  @Mutation(() => ReplayWebhookEventsPayload, {
    description: 'Re-sends the events of a time window to one endpoint.',
  })
  @Roles(...Access.MANAGE)
  async replayWebhookEvents(@CurrentActor() actor: Actor, @Args('input') input: ReplayWebhookEventsInput) {
    return { queued: await this.webhooks.replay(actor, input) };
  }
}

@Resolver(() => WebhookDeliveryModel)
export class WebhookDeliveryResolver {
  constructor(private readonly webhooks: WebhookEndpointService) {}

  @ResolveField(() => [WebhookAttemptModel], { description: 'Every attempt, oldest first.' })
  attempts(
    @Parent() delivery: WebhookDeliveryModel & { organisationId: string },
    @Context() ctx: GraphQLContext,
  ) {
    return attemptsLoader(ctx, this.webhooks, delivery.organisationId).load(delivery.id);
  }
}
