import { Global, Module } from '@nestjs/common';
import { OUTBOX_CONSUMERS } from '@aims/audit-log';
import { WebhookFanout, WebhooksModule } from '@aims/webhooks';

/**
 * Every consumer of committed outbox events, listed in one place. Global, so that the relay (in the
 * audit-log module, which knows nothing of its consumers) receives them.
 */
@Global()
@Module({
  imports: [WebhooksModule],
  providers: [
    { provide: OUTBOX_CONSUMERS, useFactory: (...consumers) => consumers, inject: [WebhookFanout] },
  ],
  exports: [OUTBOX_CONSUMERS],
})
export class OutboxConsumersModule {}
