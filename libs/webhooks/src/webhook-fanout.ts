import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AfterCommit, OutboxConsumer, OutboxEvent } from '@aims/audit-log';
import { Clock } from '@aims/platform';
import { webhookBody } from './signature';
import { DUE_DELIVERY_COLUMNS, DueDelivery } from './webhook-dispatcher';
import { FIRST_ATTEMPT_HOLD_MS, WebhookFirstAttempts } from './webhook-first-attempts';
import { WebhookJobs } from './webhook-jobs';

/**
 * Fans committed outbox events out to the enabled endpoints that subscribe to them: one delivery row per
 * (event, endpoint), matched and written by one statement in the relay's transaction (so an event is never
 * published without its deliveries), with what sending it needs from its endpoint. Once that commits, each
 * delivery gets its job, delayed until the end of the hold on its first attempt, and the first attempts
 * start at once (WebhookFirstAttempts). The sweep re-queues anything a crash left without a job.
 */
@Injectable()
export class WebhookFanout implements OutboxConsumer {
  readonly name = 'webhooks';
  private readonly logger = new Logger(WebhookFanout.name);

  constructor(
    private readonly jobs: WebhookJobs,
    private readonly firstAttempts: WebhookFirstAttempts,
    private readonly clock: Clock,
  ) {}

  async consume(events: OutboxEvent[], manager: EntityManager): Promise<AfterCommit | void> {
    const bodies = new Map(events.map((e) => [e.id, webhookBody(e.type, e.createdAt, e.payload)]));
    const held: DueDelivery[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO webhook_delivery (organisation_id, endpoint_id, event_id, event_type, body, next_attempt_at)
         SELECT u.organisation_id, e.id, u.event_id, u.event_type, u.body, $2
           FROM jsonb_to_recordset($1::jsonb) AS u(organisation_id uuid, event_id uuid, event_type text, body text)
           JOIN webhook_endpoint e
             ON e.organisation_id = u.organisation_id AND e.enabled
            AND (cardinality(e.event_types) = 0 OR u.event_type = ANY(e.event_types))
         ON CONFLICT (endpoint_id, event_id) DO NOTHING
         RETURNING id, organisation_id, endpoint_id, event_id, status, attempts_in_round, next_attempt_at
       )
       SELECT ${DUE_DELIVERY_COLUMNS}
         FROM inserted d JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.organisation_id = d.organisation_id`,
      [
        JSON.stringify(
          events.map((e) => ({
            organisation_id: e.organisationId,
            event_id: e.id,
            event_type: e.type,
            body: bodies.get(e.id),
          })),
        ),
        new Date(this.clock.now().getTime() + FIRST_ATTEMPT_HOLD_MS),
      ],
    );
    if (held.length === 0) return;
    for (const due of held) due.body = bodies.get(due.eventId)!;
    return async () => {
      const jobs = await this.jobs
        .enqueue(
          held.map((d) => ({ id: d.deliveryId, eventId: d.eventId, endpointId: d.id })),
          FIRST_ATTEMPT_HOLD_MS,
        )
        .catch((err: Error) => {
          // The sweep queues them once their hold ends; the first attempts go ahead meanwhile.
          this.logger.warn({ msg: 'queueing webhook deliveries failed', error: err.message });
          return [];
        });
      await this.firstAttempts.start(held, jobs);
    };
  }
}
