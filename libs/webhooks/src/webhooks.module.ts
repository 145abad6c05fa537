import { Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { AddressPolicy } from './address-policy';
import { HostResolver } from './host-resolver';
import { UrlGuard } from './url-guard';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookFanout } from './webhook-fanout';
import { WebhookFirstAttempts } from './webhook-first-attempts';
import { WebhookJobs } from './webhook-jobs';
import { WebhookSender } from './webhook-sender';
import { WebhookSweeper } from './webhook-sweeper';
import { WebhookDeliveryResolver, WebhookResolver } from './webhook.resolver';
import { WebhooksProcessor } from './webhooks.processor';

@Module({
  imports: [AuditLogModule],
  providers: [
    AddressPolicy,
    HostResolver,
    UrlGuard,
    WebhookJobs,
    WebhookEndpointService,
    WebhookResolver,
    WebhookDeliveryResolver,
    WebhookFanout,
    WebhookSender,
    WebhookDispatcher,
    WebhookFirstAttempts,
    WebhookSweeper,
    WebhooksProcessor,
  ],
  exports: [
    AddressPolicy,
    HostResolver,
    WebhookEndpointService,
    WebhookFanout,
    WebhookDispatcher,
    WebhookSweeper,
    WebhooksProcessor,
  ],
})
export class WebhooksModule {}
