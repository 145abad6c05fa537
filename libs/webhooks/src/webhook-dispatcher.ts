import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Clock, SecretBox, systemActor } from '@aims/platform';
import {
  DISABLE_AFTER_MS,
  honoursRetryAfter,
  nextRetryDelay,
  parseRetryAfter,
  verdictFor,
} from './retry-schedule';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { DeliverJob } from './webhook-jobs';
import { SendResult, WebhookSender } from './webhook-sender';
import { returnedRows } from './sql-rows';
import { WebhookDeliveryStatus } from './webhook.enums';

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'failed' | 'disabled';

/** The secrets that sign a delivery now: the current one, and the previous one during a rotation overlap. */
export function activeSecrets(endpoint: WebhookEndpoint, box: SecretBox, now: Date): string[] {
  const secrets = [box.open(endpoint.secretSealed, endpoint.id).toString('utf8')];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
  ) {
    secrets.push(box.open(endpoint.previousSecretSealed, endpoint.id).toString('utf8'));
  }
  return secrets;
}

/**
 * Makes one attempt of a delivery and records it: success, a retry on the schedule (the job itself is
 * moved back to delayed, keeping its id), exhaustion, or disabling the endpoint (410 Gone, or every
 * attempt failed for 5 days) with an audit event and a `webhook.endpoint_disabled` event.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly sender: WebhookSender,
  ) {}

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
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== WebhookDeliveryStatus.PENDING)
      return { outcome: 'skipped', retryInMs: null };
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .findOneBy({ id: delivery.endpointId, organisationId: delivery.organisationId });
    if (!endpoint) return { outcome: 'skipped', retryInMs: null };
    if (!endpoint.enabled) {
      await this.dataSource
        .getRepository(WebhookDelivery)
        .update(
          { id: delivery.id, status: WebhookDeliveryStatus.PENDING },
          { status: WebhookDeliveryStatus.FAILED, lastError: 'endpoint disabled', nextAttemptAt: null },
        );
      return { outcome: 'skipped', retryInMs: null };
    }
    const now = this.clock.now();
    if (delivery.nextAttemptAt && delivery.nextAttemptAt > now) {
      return { outcome: 'retrying', retryInMs: delivery.nextAttemptAt.getTime() - now.getTime() };
    }
    const result = await this.sender.send({
      url: endpoint.url,
      id: delivery.eventId,
      body: delivery.body,
      secrets: activeSecrets(endpoint, this.box, now),
    });
    return this.record(delivery, endpoint, now, result);
  }

  private async record(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    attemptedAt: Date,
    result: SendResult,
  ): Promise<{ outcome: AttemptOutcome; retryInMs: number | null }> {
    const verdict = verdictFor(result.statusCode);
    const attemptsInRound = delivery.attemptsInRound + 1;
    let retryInMs: number | null = null;
    let outcome: AttemptOutcome;
    if (verdict === 'success') outcome = 'succeeded';
    else if (verdict === 'gone') outcome = 'disabled';
    else {
      const retryAfter = honoursRetryAfter(result.statusCode)
        ? parseRetryAfter(result.retryAfter ?? undefined, attemptedAt)
        : null;
      retryInMs = nextRetryDelay(attemptsInRound, Math.random(), retryAfter);
      outcome = retryInMs === null ? 'failed' : 'retrying';
    }
    return this.uow.run(systemActor(delivery.organisationId), async (work) => {
      const m = work.manager;
      await m.insert(WebhookAttempt, {
        organisationId: delivery.organisationId,
        deliveryId: delivery.id,
        attemptedAt,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        responseBody: result.responseBody,
        error: result.error,
      });
      const status =
        outcome === 'succeeded'
          ? WebhookDeliveryStatus.SUCCEEDED
          : outcome === 'retrying'
            ? WebhookDeliveryStatus.PENDING
            : WebhookDeliveryStatus.FAILED;
      await m.update(
        WebhookDelivery,
        { id: delivery.id },
        {
          status,
          attemptsInRound,
          attemptCount: () => 'attempt_count + 1',
          lastAttemptAt: attemptedAt,
          lastStatusCode: result.statusCode,
          lastError: result.error ?? (verdict === 'success' ? null : `HTTP ${result.statusCode}`),
          nextAttemptAt: retryInMs === null ? null : new Date(attemptedAt.getTime() + retryInMs),
        },
      );
      if (verdict === 'success') {
        await m.query(
          'UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL',
          [endpoint.id],
        );
        return { outcome, retryInMs };
      }
      if (verdict === 'gone') {
        await this.disable(work.manager, work, endpoint, attemptedAt, 'the endpoint answered 410 Gone', null);
        return { outcome, retryInMs: null };
      }
      const [row] = returnedRows<{ failingSince: Date }>(
        await m.query(
          `UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, $2) WHERE id = $1
           RETURNING failing_since AS "failingSince"`,
          [endpoint.id, attemptedAt],
        ),
      );
      if (row && attemptedAt.getTime() - new Date(row.failingSince).getTime() >= DISABLE_AFTER_MS) {
        await this.disable(
          m,
          work,
          endpoint,
          attemptedAt,
          'every attempt failed for 5 days',
          new Date(row.failingSince),
        );
        return { outcome: 'disabled' as const, retryInMs: null };
      }
      return { outcome, retryInMs };
    });
  }

  private async disable(
    m: EntityManager,
    work: Parameters<Parameters<UnitOfWork['run']>[1]>[0],
    endpoint: WebhookEndpoint,
    at: Date,
    reason: string,
    failingSince: Date | null,
  ): Promise<void> {
    const changed = returnedRows(
      await m.query(
        `UPDATE webhook_endpoint SET enabled = false, disabled_at = $2, disabled_reason = $3, updated_at = now()
        WHERE id = $1 AND enabled RETURNING id`,
        [endpoint.id, at, reason],
      ),
    );
    // Another attempt got there first: one event per disabling.
    if (changed.length === 0) return;
    await m.query(
      `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL
        WHERE endpoint_id = $1 AND status = 'PENDING'`,
      [endpoint.id],
    );
    work.audit({
      action: 'webhook_endpoint.disabled',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      changes: { enabled: { from: true, to: false }, disabledReason: { from: null, to: reason } },
    });
    work.emit('webhook.endpoint_disabled', {
      endpointId: endpoint.id,
      url: endpoint.url,
      reason,
      failingSince,
      disabledAt: at,
    });
  }
}
