import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { changeRow, diffFields, OutboxEvent, UnitOfWork } from '@aims/audit-log';
import {
  Actor,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  keysetPage,
  NotFound,
  SecretBox,
} from '@aims/platform';
import {
  CreateWebhookEndpointInput,
  ReplayWebhookEventsInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
} from './dto/webhook.inputs';
import { generateSecret, webhookBody } from './signature';
import { UrlGuard } from './url-guard';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { QueuedDelivery, WebhookJobs } from './webhook-jobs';
import { WebhookDeliveryModel } from './webhook.model';
import { WebhookDeliveryStatus } from './webhook.enums';

const ENDPOINT_FIELDS = ['url', 'description', 'eventTypes', 'enabled'] as const;
/** A replay re-sends at most this many events; a wider window must be split. */
export const REPLAY_MAX_EVENTS = 1000;
const HOUR_MS = 3600 * 1000;

/** Webhook endpoints, their secrets and their delivery log, as an organisation manages them (docs/domain-rules.md#webhooks). */
@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly guard: UrlGuard,
    private readonly jobs: WebhookJobs,
  ) {}

  list(actor: Actor): Promise<WebhookEndpoint[]> {
    return this.dataSource
      .getRepository(WebhookEndpoint)
      .find({ where: { organisationId: actor.organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async get(actor: Actor, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .findOneBy({ id, organisationId: actor.organisationId });
    if (!endpoint) throw new NotFound('WebhookEndpoint', id);
    return endpoint;
  }

  async create(
    actor: Actor,
    input: CreateWebhookEndpointInput,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = await this.guard.checkForSave(input.url);
    const secret = generateSecret();
    const id = randomUUID();
    return this.uow.run(actor, async (work) => {
      const endpoint = work.manager.getRepository(WebhookEndpoint).create({
        id,
        organisationId: actor.organisationId,
        url,
        description: input.description || null,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        enabled: input.enabled ?? true,
        secretSealed: this.box.seal(secret, id),
        previousSecretSealed: null,
        previousSecretExpiresAt: null,
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
      });
      await work.manager.getRepository(WebhookEndpoint).save(endpoint);
      work.audit({
        action: 'webhook_endpoint.created',
        entityType: 'WebhookEndpoint',
        entityId: id,
        changes: diffFields(null, endpoint, [...ENDPOINT_FIELDS]),
      });
      return { endpoint, secret };
    });
  }

  async update(actor: Actor, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const url = input.url === undefined ? undefined : await this.guard.checkForSave(input.url);
    return this.uow.run(actor, async (work) => {
      const endpoint = await this.locked(work.manager, actor, input.id);
      const change = {
        entity: WebhookEndpoint,
        entityType: 'WebhookEndpoint',
        action: 'webhook_endpoint.updated',
        fields: ENDPOINT_FIELDS,
        always: true,
      };
      await changeRow(work, endpoint, change, (row) => {
        if (url !== undefined) row.url = url;
        if (input.description !== undefined) row.description = input.description || null;
        if (input.eventTypes !== undefined) row.eventTypes = [...new Set(input.eventTypes)];
        if (input.enabled !== undefined && input.enabled !== row.enabled) {
          row.enabled = input.enabled;
          if (input.enabled)
            Object.assign(row, { disabledAt: null, disabledReason: null, failingSince: null });
          else Object.assign(row, { disabledAt: this.clock.now(), disabledReason: 'disabled by a user' });
        }
      });
      return endpoint;
    });
  }

  async delete(actor: Actor, id: string): Promise<string> {
    return this.uow.run(actor, async (work) => {
      const endpoint = await this.locked(work.manager, actor, id);
      await work.manager.getRepository(WebhookEndpoint).delete({ id: endpoint.id });
      work.audit({
        action: 'webhook_endpoint.deleted',
        entityType: 'WebhookEndpoint',
        entityId: id,
        changes: Object.fromEntries(ENDPOINT_FIELDS.map((f) => [f, { from: endpoint[f], to: null }])),
      });
      return id;
    });
  }

  /** A new secret; the old one keeps signing (alongside) for `overlapHours`. */
  async rotate(
    actor: Actor,
    input: RotateWebhookSecretInput,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = generateSecret();
    const overlapHours = input.overlapHours ?? 24;
    return this.uow.run(actor, async (work) => {
      const endpoint = await this.locked(work.manager, actor, input.id);
      const now = this.clock.now();
      endpoint.previousSecretSealed = overlapHours > 0 ? endpoint.secretSealed : null;
      endpoint.previousSecretExpiresAt =
        overlapHours > 0 ? new Date(now.getTime() + overlapHours * HOUR_MS) : null;
      endpoint.secretSealed = this.box.seal(secret, endpoint.id);
      await work.manager.getRepository(WebhookEndpoint).save(endpoint);
      work.audit({
        action: 'webhook_endpoint.secret_rotated',
        entityType: 'WebhookEndpoint',
        entityId: endpoint.id,
        changes: { overlapHours, previousSecretExpiresAt: endpoint.previousSecretExpiresAt },
      });
      return { endpoint, secret };
    });
  }

  /** Sends a `webhook.test` event to this endpoint only. */
  async test(actor: Actor, id: string): Promise<WebhookDelivery> {
    const delivery = await this.uow.run(actor, async (work) => {
      const endpoint = await this.locked(work.manager, actor, id);
      if (!endpoint.enabled) throw new Conflict(`Webhook endpoint ${id} is disabled; enable it first`);
      const now = this.clock.now();
      const row = work.manager.getRepository(WebhookDelivery).create({
        organisationId: actor.organisationId,
        endpointId: endpoint.id,
        eventId: randomUUID(),
        eventType: 'webhook.test',
        body: webhookBody('webhook.test', now, {
          endpointId: endpoint.id,
          message: 'This is a test delivery from AIMS.',
        }),
        status: WebhookDeliveryStatus.PENDING,
        nextAttemptAt: now,
      });
      await work.manager.getRepository(WebhookDelivery).save(row);
      work.audit({
        action: 'webhook_endpoint.tested',
        entityType: 'WebhookEndpoint',
        entityId: endpoint.id,
        changes: { deliveryId: row.id },
      });
      return row;
    });
    await this.jobs.enqueue([delivery]);
    return delivery;
  }

  /** Sends a delivery again from its first attempt: same body, same `webhook-id`. */
  async redeliver(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.uow.run(actor, async (work) => {
      const row = await work.manager
        .getRepository(WebhookDelivery)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.organisationId = :org AND d.id = :id', { org: actor.organisationId, id: deliveryId })
        .getOne();
      if (!row) throw new NotFound('WebhookDelivery', deliveryId);
      const endpoint = await this.locked(work.manager, actor, row.endpointId);
      if (!endpoint.enabled)
        throw new Conflict(`Webhook endpoint ${endpoint.id} is disabled; enable it first`);
      Object.assign(row, {
        status: WebhookDeliveryStatus.PENDING,
        attemptsInRound: 0,
        nextAttemptAt: this.clock.now(),
      });
      await work.manager.getRepository(WebhookDelivery).save(row);
      work.audit({
        action: 'webhook_delivery.redelivered',
        entityType: 'WebhookDelivery',
        entityId: row.id,
        changes: { eventId: row.eventId },
      });
      return row;
    });
    await this.jobs.ensureRunnable([delivery]);
    return delivery;
  }

  /** Re-sends the organisation's events of a time window to one endpoint (bounded to REPLAY_MAX_EVENTS). */
  async replay(actor: Actor, input: ReplayWebhookEventsInput): Promise<number> {
    if (input.until <= input.since) throw BadUserInput.field('input.until', 'must be after since');
    const queued = await this.uow.run(actor, async (work) => {
      const endpoint = await this.locked(work.manager, actor, input.endpointId);
      if (!endpoint.enabled)
        throw new Conflict(`Webhook endpoint ${endpoint.id} is disabled; enable it first`);
      const qb = work.manager
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.organisationId = :org', { org: actor.organisationId })
        .andWhere('e.createdAt >= :since AND e.createdAt < :until', {
          since: input.since,
          until: input.until,
        });
      const subscribed = endpoint.eventTypes.length > 0 ? endpoint.eventTypes : null;
      const asked = input.eventTypes?.length ? input.eventTypes : null;
      const types = subscribed && asked ? asked.filter((t) => subscribed.includes(t)) : (asked ?? subscribed);
      if (types) qb.andWhere('e.type IN (:...types)', { types: types.length ? types : [''] });
      const events = await qb
        .orderBy('e.createdAt', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(REPLAY_MAX_EVENTS + 1)
        .getMany();
      if (events.length > REPLAY_MAX_EVENTS) {
        throw BadUserInput.field(
          'input.since',
          `the window holds more than ${REPLAY_MAX_EVENTS} events; narrow it`,
        );
      }
      const now = this.clock.now();
      const rows: QueuedDelivery[] = events.length
        ? await work.manager.query(
            `INSERT INTO webhook_delivery (organisation_id, endpoint_id, event_id, event_type, body, next_attempt_at)
             SELECT $1, $2, u.event_id, u.event_type, u.body, $6
               FROM unnest($3::uuid[], $4::text[], $5::text[]) AS u(event_id, event_type, body)
             ON CONFLICT (endpoint_id, event_id) DO UPDATE
               SET status = 'PENDING', attempts_in_round = 0, next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
             RETURNING id, event_id AS "eventId", endpoint_id AS "endpointId"`,
            [
              actor.organisationId,
              endpoint.id,
              events.map((e) => e.id),
              events.map((e) => e.type),
              events.map((e) => webhookBody(e.type, e.createdAt, e.payload)),
              now,
            ],
          )
        : [];
      work.audit({
        action: 'webhook_endpoint.replayed',
        entityType: 'WebhookEndpoint',
        entityId: endpoint.id,
        changes: { since: input.since, until: input.until, eventTypes: types, events: rows.length },
      });
      return rows;
    });
    await this.jobs.ensureRunnable(queued);
    return queued.length;
  }

  async deliveries(
    actor: Actor,
    endpointId: string,
    filter: WebhookDeliveryFilter,
    first: number,
    after?: string,
  ): Promise<Connection<WebhookDelivery>> {
    await this.get(actor, endpointId);
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.organisationId = :org AND d.endpointId = :endpointId', {
        org: actor.organisationId,
        endpointId,
      });
    if (filter.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: filter.status });
    if (filter.eventType?.length) qb.andWhere('d.eventType IN (:...types)', { types: filter.eventType });
    if (filter.since) qb.andWhere('d.createdAt >= :since', { since: filter.since });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'd.createdAt', value: (d) => d.createdAt, direction: 'DESC' },
      idColumn: 'd.id',
      id: (d) => d.id,
    });
  }

  /** Attempts of several deliveries of one organisation, oldest first (for the per-request loader). */
  attemptsOf(organisationId: string, deliveryIds: readonly string[]): Promise<WebhookAttempt[]> {
    return this.dataSource.getRepository(WebhookAttempt).find({
      where: { organisationId, deliveryId: In([...deliveryIds]) },
      order: { attemptedAt: 'ASC', id: 'ASC' },
    });
  }

  toDeliveryModel(d: WebhookDelivery): WebhookDeliveryModel {
    return { ...d, payload: JSON.parse(d.body) as unknown };
  }

  private async locked(manager: DataSource['manager'], actor: Actor, id: string): Promise<WebhookEndpoint> {
    const endpoint = await manager
      .getRepository(WebhookEndpoint)
      .createQueryBuilder('w')
      .setLock('pessimistic_write')
      .where('w.organisationId = :org AND w.id = :id', { org: actor.organisationId, id })
      .getOne();
    if (!endpoint) throw new NotFound('WebhookEndpoint', id);
    return endpoint;
  }
}
