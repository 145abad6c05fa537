import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Clock, SecretBox, StatementBatcher, systemActor } from '@aims/platform';
import {
  DELIVERY_TIMEOUT_MS,
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

export type AttemptOutcome = 'skipped' | 'deferred' | 'succeeded' | 'retrying' | 'failed' | 'disabled';

/**
 * The columns of a DueDelivery but its body, from a delivery row `d` and its endpoint `e`: what sending a
 * delivery needs, read by a job's attempt and returned by fan-out for the first one.
 */
export const DUE_DELIVERY_COLUMNS = `d.id AS "deliveryId", d.organisation_id AS "organisationId",
  d.event_id AS "eventId", d.status, d.attempts_in_round AS "attemptsInRound",
  d.next_attempt_at AS "nextAttemptAt", e.id, e.url, e.enabled, e.secret_sealed AS "secretSealed",
  e.previous_secret_sealed AS "previousSecretSealed", e.previous_secret_expires_at AS "previousSecretExpiresAt"`;

/** What an attempt came to; `retryInMs` says when the next one is due (null when none is). */
export interface Attempted {
  outcome: AttemptOutcome;
  retryInMs: number | null;
}

/** A pending delivery with what sending it needs from its endpoint. */
export interface DueDelivery extends EndpointSecrets {
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

/** One attempt to write: what was read, when it was sent, what came back and what follows from it. */
interface AttemptWrite {
  due: DueDelivery;
  attemptedAt: Date;
  result: SendResult;
  status: WebhookDeliveryStatus;
  succeeded: boolean;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/** What writing an attempt gave: whether it was written, and the endpoint's run of failures after it. */
interface AttemptWritten {
  written: boolean;
  failingSince: Date | null;
}

/**
 * Deliveries are read, and attempts written, by statements shared by the jobs running at the same time: at
 * most this many at once each (of the database pool's connections), for up to this many jobs each.
 */
const STATEMENTS = { inFlight: 3, maxBatch: 200 };

/** PostgreSQL's deadlock_detected: the statement was rolled back whole and may run again. */
const DEADLOCK = '40P01';

/**
 * Makes one attempt of a delivery and records it: success, a retry on the schedule (the job itself is
 * moved back to delayed, keeping its id), exhaustion, or disabling the endpoint (410 Gone, or every
 * attempt failed for 5 days) with an audit event and a `webhook.endpoint_disabled` event. A job's attempt
 * costs two statements, each shared by the attempts under way at the same time: one read of the
 * deliveries with their endpoints, and one write of their attempts, the deliveries and the endpoints'
 * runs of failures together; a first attempt made at fan-out (`attemptHeld`) has its delivery already and
 * costs the write alone. A delivery is written only if it is still in the round that was read; the write
 * commits before the job completes.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly secrets: SecretCache;
  private readonly reads = new StatementBatcher<string, DueDelivery | undefined>(
    (ids) => this.readDue(ids),
    STATEMENTS,
  );
  private readonly writes = new StatementBatcher<AttemptWrite, AttemptWritten>(
    (attempts) => this.writeAttempts(attempts),
    STATEMENTS,
  );

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
  async attempt(deliveryId: string): Promise<Attempted> {
    const due = await this.reads.add(deliveryId);
    if (!due || due.status !== WebhookDeliveryStatus.PENDING) return { outcome: 'skipped', retryInMs: null };
    if (!due.enabled) {
      await this.dataSource.query(
        `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL
          WHERE id = $1 AND organisation_id = $2 AND status = 'PENDING'`,
        [deliveryId, due.organisationId],
      );
      return { outcome: 'skipped', retryInMs: null };
    }
    const now = this.clock.now();
    if (due.nextAttemptAt && due.nextAttemptAt > now) {
      return { outcome: 'retrying', retryInMs: due.nextAttemptAt.getTime() - now.getTime() };
    }
    return this.send(due);
  }

  /**
   * The first attempt of a delivery just fanned out, made by the process that wrote it, which holds it
   * until its `nextAttemptAt` (when its queued job takes over). It is not sent once too little of that
   * hold is left for the attempt to finish within it: the job then makes it ('deferred').
   */
  attemptHeld(due: DueDelivery): Promise<Attempted> {
    return this.send(due, new Date(due.nextAttemptAt!.getTime() - DELIVERY_TIMEOUT_MS));
  }

  private async send(due: DueDelivery, notAfter?: Date): Promise<Attempted> {
    const now = this.clock.now();
    let secrets: string[];
    try {
      secrets = this.secrets.activeSecrets(due, now);
    } catch (err) {
      // A secret that no longer opens (a changed ENCRYPTION_KEY, a damaged row) is a failed attempt like
      // any other: logged, retried on the schedule, and counted in the endpoint's run of failures.
      const error = `the endpoint secret cannot be unsealed: ${(err as Error).message}`;
      return this.record(due, {
        sentAt: now,
        statusCode: null,
        latencyMs: 0,
        responseBody: null,
        retryAfter: null,
        error,
      });
    }
    // The attempt's time is when it was sent, which may be after waiting for a free send slot.
    const result = await this.sender.send({
      url: due.url,
      id: due.eventId,
      body: due.body,
      secrets,
      notAfter,
    });
    if (!result) return { outcome: 'deferred', retryInMs: null };
    return this.record(due, result);
  }

  private async readDue(ids: string[]): Promise<(DueDelivery | undefined)[]> {
    const rows: DueDelivery[] = await this.dataSource.query(
      `SELECT ${DUE_DELIVERY_COLUMNS}, d.body
         FROM webhook_delivery d
         JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.organisation_id = d.organisation_id
        WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.deliveryId, r]));
    return ids.map((id) => byId.get(id));
  }

  private async record(due: DueDelivery, result: SendResult): Promise<Attempted> {
    const attemptedAt = result.sentAt;
    const verdict = verdictFor(result.statusCode);
    let retryInMs: number | null = null;
    if (verdict === 'retry') {
      const retryAfter = honoursRetryAfter(result.statusCode)
        ? parseRetryAfter(result.retryAfter ?? undefined, attemptedAt)
        : null;
      retryInMs = nextRetryDelay(due.attemptsInRound + 1, Math.random(), retryAfter);
    }
    const succeeded = verdict === 'success';
    const recorded = await this.writes.add({
      due,
      attemptedAt,
      result,
      succeeded,
      status: succeeded
        ? WebhookDeliveryStatus.SUCCEEDED
        : retryInMs === null
          ? WebhookDeliveryStatus.FAILED
          : WebhookDeliveryStatus.PENDING,
      lastError: result.error ?? (succeeded ? null : `HTTP ${result.statusCode}`),
      nextAttemptAt: retryInMs === null ? null : new Date(attemptedAt.getTime() + retryInMs),
    });
    if (!recorded.written) return { outcome: 'skipped', retryInMs: null };
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

  /**
   * Writes attempts in one statement. A delivery is written only while it is still in the round its
   * attempt read: a 410 that disabled the endpoint (failing its pending deliveries) or a redelivery
   * meanwhile keeps its state, and that attempt then writes nothing. Each endpoint's run of failures
   * follows its attempts in the order they were made: cleared by a success, started by the first failure
   * after the last success. Two statements failing attempts to the same endpoints in another order (here,
   * or in another worker) can deadlock: the one PostgreSQL rolls back runs again.
   */
  private writeAttempts(attempts: AttemptWrite[]): Promise<AttemptWritten[]> {
    return retryingDeadlocks(() => this.writeAttemptsOnce(attempts));
  }

  private async writeAttemptsOnce(attempts: AttemptWrite[]): Promise<AttemptWritten[]> {
    const rows: { ord: string; failingSince: Date | null }[] = await this.dataSource.query(
      `WITH u AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS u(organisation_id uuid, delivery_id uuid, endpoint_id uuid, attempted_at timestamptz,
                status_code int, latency_ms int, response_body text, error text, status text, last_error text,
                next_attempt_at timestamptz, succeeded boolean, read_round int, read_next timestamptz, ord int)
       ), delivery AS (
         UPDATE webhook_delivery d
            SET status = u.status, attempts_in_round = u.read_round + 1, attempt_count = d.attempt_count + 1,
                last_attempt_at = u.attempted_at, last_status_code = u.status_code,
                last_error = u.last_error,
                next_attempt_at = u.next_attempt_at, updated_at = now()
           FROM u
          WHERE d.id = u.delivery_id AND d.organisation_id = u.organisation_id AND d.status = 'PENDING'
            AND d.attempts_in_round = u.read_round AND d.next_attempt_at IS NOT DISTINCT FROM u.read_next
         RETURNING u.ord
       ), written AS (
         SELECT u.* FROM u JOIN delivery USING (ord)
       ), attempt AS (
         INSERT INTO webhook_attempt
                (organisation_id, delivery_id, attempted_at, status_code, latency_ms, response_body, error)
         SELECT organisation_id, delivery_id, attempted_at, status_code, latency_ms, response_body, error
           FROM written
       ), run AS (
         SELECT organisation_id, endpoint_id, max(last_success) AS last_success,
                min(attempted_at) FILTER (
                  WHERE NOT succeeded AND attempted_at > COALESCE(last_success, '-infinity')) AS failing_from
           FROM (SELECT *, max(attempted_at) FILTER (WHERE succeeded) OVER (PARTITION BY endpoint_id) AS last_success
                   FROM written) w
          GROUP BY organisation_id, endpoint_id
       ), endpoint AS (
         UPDATE webhook_endpoint e
            SET failing_since = CASE WHEN run.failing_from IS NULL THEN NULL
                                     WHEN run.last_success IS NULL THEN COALESCE(e.failing_since, run.failing_from)
                                     ELSE run.failing_from END
           FROM run
          WHERE e.id = run.endpoint_id AND e.organisation_id = run.organisation_id
            AND (run.failing_from IS NOT NULL OR e.failing_since IS NOT NULL)
         RETURNING e.id, e.failing_since
       )
       SELECT written.ord, endpoint.failing_since AS "failingSince"
         FROM written LEFT JOIN endpoint ON endpoint.id = written.endpoint_id`,
      // One JSON parameter rather than an array per column: far less to build and escape per attempt.
      [
        JSON.stringify(
          attempts.map((a, i) => ({
            organisation_id: a.due.organisationId,
            delivery_id: a.due.deliveryId,
            endpoint_id: a.due.id,
            attempted_at: a.attemptedAt,
            status_code: a.result.statusCode,
            latency_ms: a.result.latencyMs,
            response_body: a.result.responseBody,
            error: a.result.error,
            status: a.status,
            last_error: a.lastError,
            next_attempt_at: a.nextAttemptAt,
            succeeded: a.succeeded,
            read_round: a.due.attemptsInRound,
            read_next: a.due.nextAttemptAt,
            ord: i + 1,
          })),
        ),
      ],
    );
    const byOrd = new Map(rows.map((r) => [Number(r.ord), r.failingSince]));
    return attempts.map((_, i) => ({ written: byOrd.has(i + 1), failingSince: byOrd.get(i + 1) ?? null }));
  }

  /**
   * Disables the endpoint and fails its pending deliveries, with an audit event and an outbox event. Rows
   * are locked in the order attempts lock them (deliveries, then the endpoint), and a deadlock with
   * attempts to the same endpoint runs it again: the attempt that asked for it is already recorded, so
   * its job would never ask again.
   */
  private disable(due: DueDelivery, at: Date, reason: string, failingSince: Date | null): Promise<void> {
    return retryingDeadlocks(() =>
      this.uow.run(systemActor(due.organisationId), async (work) => {
        await work.manager.query(
          `SELECT id FROM webhook_delivery WHERE endpoint_id = $1 AND organisation_id = $2 AND status = 'PENDING'
            ORDER BY id FOR UPDATE`,
          [due.id, due.organisationId],
        );
        const changed = returnedRows(
          await work.manager.query(
            `UPDATE webhook_endpoint SET enabled = false, disabled_at = $2, disabled_reason = $3, updated_at = now()
              WHERE id = $1 AND organisation_id = $4 AND enabled RETURNING id`,
            [due.id, at, reason, due.organisationId],
          ),
        );
        // Another attempt got there first: one event per disabling.
        if (changed.length === 0) return;
        await work.manager.query(
          `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL
            WHERE endpoint_id = $1 AND organisation_id = $2 AND status = 'PENDING'`,
          [due.id, due.organisationId],
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
      }),
    );
  }
}

/** Runs `work` again (three times in all at most) when PostgreSQL rolled it back to break a deadlock. */
async function retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await work();
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || tries === 3) throw err;
    }
  }
}
