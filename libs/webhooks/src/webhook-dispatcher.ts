import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Clock, SecretBox, systemActor } from '@aims/platform';
import {
  DISABLE_AFTER_MS,
  honoursRetryAfter,
  nextRetryDelay,
  parseRetryAfter,
  verdictFor,
} from './retry-schedule';
import { EndpointSecrets, SecretCache } from './secret-cache';
import { returnedRows } from './sql-rows';
import { DeliverJob } from './webhook-jobs';
import { SendResult, WebhookSender } from './webhook-sender';
import { WebhookDeliveryStatus } from './webhook.enums';

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'failed' | 'disabled';

/** A pending delivery with what sending it needs from its endpoint, read in one statement. */
interface DueDelivery extends EndpointSecrets {
  deliveryId: string;
  organisationId: string;
  eventId: string;
  body: string;
  status: WebhookDeliveryStatus;
  attemptsInRound: number;
  nextAttemptAt: Date | null;
  url: string;
  enabled: boolean;
}

/**
 * Makes one attempt of a delivery and records it: success, a retry on the schedule (the job itself is
 * moved back to delayed, keeping its id), exhaustion, or disabling the endpoint (410 Gone, or every
 * attempt failed for 5 days) with an audit event and a `webhook.endpoint_disabled` event. The common
 * path costs two statements: one read, and one write of the attempt, the delivery and the endpoint's run
 * of failures together; that write happens only if the delivery is still in the round that was read.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly secrets: SecretCache;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    box: SecretBox,
    private readonly sender: WebhookSender,
  ) {
    this.secrets = new SecretCache(box);
  }

  async process(job: Job<DeliverJob>, token?: string): Promise<AttemptOutcome> {
    const { outcome, retryInMs } = await this.attempt(job.data.deliveryId);
    if (retryInMs !== null && token) {
      await job.moveToDelayed(Date.now() + retryInMs, token);
      throw new DelayedError();
    }
    return outcome;
  }

  /** One attempt; `retryInMs` says when the next one is due (null when none is). */
  async attempt(deliveryId: string): Promise<{ outcome: AttemptOutcome; retryInMs: number | null }> {
    const [due]: DueDelivery[] = await this.dataSource.query(
      `SELECT d.id AS "deliveryId", d.organisation_id AS "organisationId", d.event_id AS "eventId", d.body,
              d.status, d.attempts_in_round AS "attemptsInRound", d.next_attempt_at AS "nextAttemptAt",
              e.id, e.url, e.enabled, e.secret_sealed AS "secretSealed",
              e.previous_secret_sealed AS "previousSecretSealed",
              e.previous_secret_expires_at AS "previousSecretExpiresAt"
         FROM webhook_delivery d
         JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.organisation_id = d.organisation_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (!due || due.status !== WebhookDeliveryStatus.PENDING) return { outcome: 'skipped', retryInMs: null };
    if (!due.enabled) {
      await this.dataSource.query(
        `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL
          WHERE id = $1 AND status = 'PENDING'`,
        [deliveryId],
      );
      return { outcome: 'skipped', retryInMs: null };
    }
    const now = this.clock.now();
    if (due.nextAttemptAt && due.nextAttemptAt > now) {
      return { outcome: 'retrying', retryInMs: due.nextAttemptAt.getTime() - now.getTime() };
    }
    const result = await this.sender.send({
      url: due.url,
      id: due.eventId,
      body: due.body,
      secrets: this.secrets.activeSecrets(due, now),
    });
    return this.record(due, now, result);
  }

  private async record(
    due: DueDelivery,
    attemptedAt: Date,
    result: SendResult,
  ): Promise<{ outcome: AttemptOutcome; retryInMs: number | null }> {
    const verdict = verdictFor(result.statusCode);
    const attemptsInRound = due.attemptsInRound + 1;
    let retryInMs: number | null = null;
    if (verdict === 'retry') {
      const retryAfter = honoursRetryAfter(result.statusCode)
        ? parseRetryAfter(result.retryAfter ?? undefined, attemptedAt)
        : null;
      retryInMs = nextRetryDelay(attemptsInRound, Math.random(), retryAfter);
    }
    const status =
      verdict === 'success'
        ? WebhookDeliveryStatus.SUCCEEDED
        : retryInMs === null
          ? WebhookDeliveryStatus.FAILED
          : WebhookDeliveryStatus.PENDING;
    const succeeded = verdict === 'success';
    // The delivery is written only while it is still in the round this attempt read: a 410 that disabled
    // the endpoint (failing its pending deliveries) or a redelivery meanwhile keeps its state, and the
    // attempt then writes nothing.
    const [recorded] = returnedRows<{ delivered: number; failingSince: Date | null }>(
      await this.dataSource.query(
        `WITH delivery AS (
           UPDATE webhook_delivery
              SET status = $8, attempts_in_round = $9, attempt_count = attempt_count + 1, last_attempt_at = $3,
                  last_status_code = $4, last_error = $10, next_attempt_at = $11, updated_at = now()
            WHERE id = $2 AND status = 'PENDING' AND attempts_in_round = $14
              AND next_attempt_at IS NOT DISTINCT FROM $15::timestamptz
           RETURNING id
         ), attempt AS (
           INSERT INTO webhook_attempt
                  (organisation_id, delivery_id, attempted_at, status_code, latency_ms, response_body, error)
           SELECT $1::uuid, id, $3::timestamptz, $4::int, $5::int, $6::text, $7::text FROM delivery
         ), endpoint AS (
           UPDATE webhook_endpoint
              SET failing_since = CASE WHEN $12::boolean THEN NULL ELSE COALESCE(failing_since, $3) END
            WHERE id = $13 AND (NOT $12::boolean OR failing_since IS NOT NULL) AND EXISTS (SELECT 1 FROM delivery)
           RETURNING failing_since
         )
         SELECT (SELECT count(*) FROM delivery)::int AS delivered,
                (SELECT failing_since FROM endpoint) AS "failingSince"`,
        [
          due.organisationId,
          due.deliveryId,
          attemptedAt,
          result.statusCode,
          result.latencyMs,
          result.responseBody,
          result.error,
          status,
          attemptsInRound,
          result.error ?? (succeeded ? null : `HTTP ${result.statusCode}`),
          retryInMs === null ? null : new Date(attemptedAt.getTime() + retryInMs),
          succeeded,
          due.id,
          due.attemptsInRound,
          due.nextAttemptAt,
        ],
      ),
    );
    if (!recorded?.delivered) return { outcome: 'skipped', retryInMs: null };
    if (succeeded) return { outcome: 'succeeded', retryInMs: null };
    if (verdict === 'gone') {
      await this.disable(due, attemptedAt, 'the endpoint answered 410 Gone', null);
      return { outcome: 'disabled', retryInMs: null };
    }
    const failingSince = recorded.failingSince ? new Date(recorded.failingSince) : null;
    if (failingSince && attemptedAt.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS) {
      await this.disable(due, attemptedAt, 'every attempt failed for 5 days', failingSince);
      return { outcome: 'disabled', retryInMs: null };
    }
    return { outcome: retryInMs === null ? 'failed' : 'retrying', retryInMs };
  }

  private async disable(
    due: DueDelivery,
    at: Date,
    reason: string,
    failingSince: Date | null,
  ): Promise<void> {
    await this.uow.run(systemActor(due.organisationId), async (work) => {
      const changed = returnedRows(
        await work.manager.query(
          `UPDATE webhook_endpoint SET enabled = false, disabled_at = $2, disabled_reason = $3, updated_at = now()
            WHERE id = $1 AND enabled RETURNING id`,
          [due.id, at, reason],
        ),
      );
      // Another attempt got there first: one event per disabling.
      if (changed.length === 0) return;
      await work.manager.query(
        `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL
          WHERE endpoint_id = $1 AND status = 'PENDING'`,
        [due.id],
      );
      work.audit({
        action: 'webhook_endpoint.disabled',
        entityType: 'WebhookEndpoint',
        entityId: due.id,
        changes: { enabled: { from: true, to: false }, disabledReason: { from: null, to: reason } },
      });
      work.emit('webhook.endpoint_disabled', {
        endpointId: due.id,
        url: due.url,
        reason,
        failingSince,
        disabledAt: at,
      });
    });
  }
}
