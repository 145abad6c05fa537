export * from './address-policy';
export * from './event-catalog';
export * from './host-resolver';
export * from './retry-schedule';
export * from './signature';
export * from './webhook-delivery.entity';
export * from './webhook-dispatcher';
export * from './webhook-endpoint.entity';
export * from './webhook-endpoint.service';
export * from './webhook-fanout';
export * from './webhook-jobs';
export * from './webhook-sweeper';
export * from './webhook.enums';
export * from './webhook.model';
export * from './webhooks.module';
export * from './webhooks.processor';

import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const WEBHOOKS_ENTITIES = [WebhookEndpoint, WebhookDelivery, WebhookAttempt];
