import { registerEnumType } from '@nestjs/graphql';

export enum WebhookDeliveryStatus {
  /** Waiting for its next attempt. */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Every scheduled attempt failed, or the endpoint was disabled. */
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });
