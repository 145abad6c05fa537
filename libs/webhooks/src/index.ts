export { WebhooksModule } from './webhooks.module';
export { WebhookEndpointService } from './webhook-endpoint.service';
export { WebhookFanout } from './webhook-fanout';
export { DUE_DELIVERY_COLUMNS, WebhookDispatcher } from './webhook-dispatcher';
export {
  FIRST_ATTEMPT_HOLD_MS,
  FIRST_ATTEMPTS_PER_SEND,
  WebhookFirstAttempts,
} from './webhook-first-attempts';
export { WebhookSweeper } from './webhook-sweeper';
export { type SendResult, WebhookSender } from './webhook-sender';
export { UrlGuard } from './url-guard';
export { WebhooksProcessor } from './webhooks.processor';
export { AddressPolicy } from './address-policy';
export { HostResolver, type ResolvedAddress } from './host-resolver';
export { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
export { WebhookEndpoint } from './webhook-endpoint.entity';
export { WebhookDeliveryStatus } from './webhook.enums';
export {
  WebhookAttemptModel,
  WebhookDeliveryModel,
  WebhookEndpointModel,
  WebhookEventTypeModel,
} from './webhook.model';
export { EVENT_CATALOG, type EventTypeEntry } from './event-catalog';
export { MAX_ATTEMPTS, RETRY_DELAYS_MS } from './retry-schedule';
export { generateSecret, signatureHeader, webhookBody } from './signature';

import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const WEBHOOKS_ENTITIES = [WebhookEndpoint, WebhookDelivery, WebhookAttempt];
