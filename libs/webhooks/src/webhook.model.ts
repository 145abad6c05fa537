import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ConnectionType } from '@aims/platform';
import { WebhookDeliveryStatus } from './webhook.enums';

@ObjectType('WebhookEndpoint', {
  description: 'Where the organisation’s events are delivered. The secret is never shown again.',
})
export class WebhookEndpointModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'Subscribed event types; empty means every type.' })
  eventTypes: string[];

  @Field()
  enabled: boolean;

  @Field(() => Date, { nullable: true, description: 'Until when the previous secret also signs deliveries.' })
  previousSecretExpiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Start of the current run of failed attempts.' })
  failingSince: Date | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true })
  disabledReason: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('WebhookAttempt', { description: 'One HTTP attempt of a delivery.' })
export class WebhookAttemptModel {
  @Field(() => ID)
  id: string;

  @Field()
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The response status; null when no response came.' })
  statusCode: number | null;

  @Field(() => Int)
  latencyMs: number;

  @Field(() => String, { nullable: true, description: 'The first 4 KiB of the response body.' })
  responseBody: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why no response came (timeout, refused address, ...).',
  })
  error: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One event on its way to one endpoint.' })
export class WebhookDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  endpointId: string;

  @Field(() => ID, { description: 'The event id, sent as `webhook-id` on every attempt.' })
  eventId: string;

  @Field()
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attemptCount: number;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => GraphQLJSON, { description: 'The body sent: { type, timestamp, data }.' })
  payload: unknown;

  @Field()
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDeliveryModel, 'WebhookDelivery');

@ObjectType('WebhookEventType', { description: 'An event type integrators can subscribe to.' })
export class WebhookEventTypeModel {
  @Field()
  type: string;

  @Field()
  description: string;

  @Field(() => GraphQLJSON, { description: 'An example of the `data` a delivery of this type carries.' })
  example: Record<string, unknown>;
}

@ObjectType()
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpointModel)
  endpoint: WebhookEndpointModel;

  @Field({ description: 'The signing secret (whsec_…). Shown only now: store it.' })
  secret: string;
}

@ObjectType()
export class UpdateWebhookEndpointPayload {
  @Field(() => WebhookEndpointModel)
  endpoint: WebhookEndpointModel;
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpointModel)
  endpoint: WebhookEndpointModel;

  @Field({ description: 'The new signing secret. Shown only now: store it.' })
  secret: string;
}

@ObjectType()
export class WebhookDeliveryPayload {
  @Field(() => WebhookDeliveryModel)
  delivery: WebhookDeliveryModel;
}

@ObjectType()
export class ReplayWebhookEventsPayload {
  @Field(() => Int, { description: 'Deliveries queued.' })
  queued: number;
}
