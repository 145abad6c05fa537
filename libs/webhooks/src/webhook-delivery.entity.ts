import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookDeliveryStatus } from './webhook.enums';

/**
 * One event on its way to one endpoint. The body is built once, at fan-out, so every retry and
 * redelivery sends the same bytes under the same `webhook-id` (the event id).
 */
@Entity('webhook_delivery')
@Index('webhook_delivery_once_idx', ['endpointId', 'eventId'], { unique: true })
@Index('webhook_delivery_list_idx', ['organisationId', 'endpointId', 'createdAt', 'id'])
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: "status = 'PENDING'" })
export class WebhookDelivery extends TenantEntity {
  @Column('uuid')
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpoint;

  /** The outbox event id (or a fresh id for `webhook.test`): the `webhook-id` header. */
  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  @Column('text')
  body: string;

  @Column('text', { default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus;

  /** Attempts since the delivery was (re)queued; drives the retry schedule. */
  @Column('int', { default: 0 })
  attemptsInRound: number;

  /** Attempts ever made. */
  @Column('int', { default: 0 })
  attemptCount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;
}

/** One HTTP attempt of a delivery: the log integrators read when something went wrong. */
@Entity('webhook_attempt')
@Index('webhook_attempt_delivery_idx', ['deliveryId', 'attemptedAt'])
export class WebhookAttempt extends TenantEntity {
  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @Column({ type: 'timestamptz', precision: 3 })
  attemptedAt: Date;

  @Column('int', { nullable: true })
  statusCode: number | null;

  @Column('int')
  latencyMs: number;

  /** The first 4 KiB of the response body. */
  @Column('text', { nullable: true })
  responseBody: string | null;

  @Column('text', { nullable: true })
  error: string | null;
}
