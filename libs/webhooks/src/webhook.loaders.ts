import DataLoader from 'dataloader';
import { childrenLoader, GraphQLContext } from '@aims/platform';
import { WebhookAttempt } from './webhook-delivery.entity';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Every attempt of a delivery, oldest first, by delivery id. */
export function attemptsLoader(
  ctx: GraphQLContext,
  webhooks: WebhookEndpointService,
  organisationId: string,
): DataLoader<string, WebhookAttempt[]> {
  return childrenLoader<WebhookAttempt>(
    ctx,
    'webhooks.attempts',
    organisationId,
    (ids) => webhooks.attemptsOf(organisationId, ids),
    (a) => a.deliveryId,
  );
}
