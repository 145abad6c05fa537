import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AfterCommit, OutboxConsumer, OutboxEvent } from '@aims/audit-log';
import { Clock } from '@aims/platform';
import { webhookBody } from './signature';
import { WebhookJobs, QueuedDelivery } from './webhook-jobs';

/**
 * Fans committed outbox events out to the enabled endpoints that subscribe to them: one delivery row per
 * (event, endpoint), matched and written by one statement in the relay's transaction (so an event is never
 * published without its deliveries), and one job each once it commits. The sweep re-queues anything a
 * crash left without a job.
 */
@Injectable()
export class WebhookFanout implements OutboxConsumer {
  readonly name = 'webhooks';

  constructor(
    private readonly jobs: WebhookJobs,
    private readonly clock: Clock,
  ) {}

  async consume(events: OutboxEvent[], manager: EntityManager): Promise<AfterCommit | void> {
    const inserted: QueuedDelivery[] = await manager.query(
      `INSERT INTO webhook_delivery (organisation_id, endpoint_id, event_id, event_type, body, next_attempt_at)
       SELECT u.organisation_id, e.id, u.event_id, u.event_type, u.body, $5
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
              AS u(organisation_id, event_id, event_type, body)
         JOIN webhook_endpoint e
           ON e.organisation_id = u.organisation_id AND e.enabled
          AND (cardinality(e.event_types) = 0 OR u.event_type = ANY(e.event_types))
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id, event_id AS "eventId", endpoint_id AS "endpointId"`,
      [
        events.map((e) => e.organisationId),
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => webhookBody(e.type, e.createdAt, e.payload)),
        this.clock.now(),
      ],
    );
    if (inserted.length === 0) return;
    return () => this.jobs.enqueue(inserted);
  }
}
