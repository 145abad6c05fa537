import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AfterCommit, OutboxConsumer, OutboxEvent } from '@aims/audit-log';
import { Clock } from '@aims/platform';
import { webhookBody } from './signature';
import { WebhookJobs, QueuedDelivery } from './webhook-jobs';

/**
 * Fans committed outbox events out to the enabled endpoints that subscribe to them: one delivery row per
 * (event, endpoint), written in the relay's transaction (so an event is never published without its
 * deliveries), and one job each once it commits. The sweep re-queues anything a crash left without a job.
 */
@Injectable()
export class WebhookFanout implements OutboxConsumer {
  readonly name = 'webhooks';

  constructor(
    private readonly jobs: WebhookJobs,
    private readonly clock: Clock,
  ) {}

  async consume(events: OutboxEvent[], manager: EntityManager): Promise<AfterCommit | void> {
    const organisationIds = [...new Set(events.map((e) => e.organisationId))];
    const endpoints: { id: string; organisationId: string; eventTypes: string[] }[] = await manager.query(
      `SELECT id, organisation_id AS "organisationId", event_types AS "eventTypes"
         FROM webhook_endpoint WHERE enabled AND organisation_id = ANY($1::uuid[])`,
      [organisationIds],
    );
    if (endpoints.length === 0) return;
    const rows: {
      organisationId: string;
      endpointId: string;
      eventId: string;
      eventType: string;
      body: string;
    }[] = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (endpoint.organisationId !== event.organisationId) continue;
        if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) continue;
        rows.push({
          organisationId: event.organisationId,
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          body: webhookBody(event.type, event.createdAt, event.payload),
        });
      }
    }
    if (rows.length === 0) return;
    const inserted: QueuedDelivery[] = await manager.query(
      `INSERT INTO webhook_delivery (organisation_id, endpoint_id, event_id, event_type, body, next_attempt_at)
       SELECT u.organisation_id, u.endpoint_id, u.event_id, u.event_type, u.body, $6
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
              AS u(organisation_id, endpoint_id, event_id, event_type, body)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id, event_id AS "eventId", endpoint_id AS "endpointId"`,
      [
        rows.map((r) => r.organisationId),
        rows.map((r) => r.endpointId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.body),
        this.clock.now(),
      ],
    );
    return () => this.jobs.enqueue(inserted);
  }
}
