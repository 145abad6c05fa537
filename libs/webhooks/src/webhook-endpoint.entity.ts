import { Column, Entity } from 'typeorm';
import { TenantEntity } from '@aims/platform';

/** Where an organisation wants its events delivered (docs/domain-rules.md#webhooks). Secrets are sealed with the row id as context. */
@Entity('webhook_endpoint')
export class WebhookEndpoint extends TenantEntity {
  @Column('text')
  url: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** Subscribed event types; empty means every type. */
  @Column('text', { array: true, default: () => "'{}'" })
  eventTypes: string[];

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text')
  secretSealed: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column('text', { nullable: true })
  previousSecretSealed: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Start of the current run of failed attempts; cleared by any success. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failingSince: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Column('text', { nullable: true })
  disabledReason: string | null;
}
