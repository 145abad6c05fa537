import { FactoryProvider, Injectable, Type } from '@nestjs/common';
import { Work } from './unit-of-work';

/**
 * The one list of reactions between domains inside a unit of work: each change a domain publishes, and
 * the subscribers (by name) that run in the same transaction when it does. A subscription not listed here
 * is refused at boot, so this table is the whole picture.
 */
export const DOMAIN_CHANGES = {
  // ai-systems publishes when stage, model, grading factors or tier answers change; risks puts the
  // systems' open risks up for review.
  'ai-system.materially-changed': ['risks'],
  // risks publishes a new assessment snapshot; reassessment closes the risks' review and expired-acceptance tasks.
  'risk.assessed': ['reassessment'],
  // risks publishes a (re-)acceptance; reassessment closes the expiry tasks of the previous acceptance.
  'risk.accepted': ['reassessment'],
  // evidence publishes a newly accepted version; reassessment closes the items' expiry tasks.
  'evidence.accepted': ['reassessment'],
  // cycles publishes completed corrective actions; reassessment closes their overdue tasks.
  'corrective-action.completed': ['reassessment'],
} as const;

export type DomainChange = keyof typeof DOMAIN_CHANGES;
export type ChangeSubscriber = (work: Work, ids: string[]) => Promise<void>;
export type ChangeSubscription = [change: DomainChange, subscriber: string, handle: ChangeSubscriber];

/** Publishes a domain's changes to the subscribers listed in DOMAIN_CHANGES, inside the publisher's work. */
@Injectable()
export class ChangeHook {
  private readonly subscribers = new Map<DomainChange, ChangeSubscriber[]>();

  subscribe(change: DomainChange, subscriber: string, handle: ChangeSubscriber): void {
    if (!(DOMAIN_CHANGES[change] as readonly string[]).includes(subscriber)) {
      throw new Error(`Subscriber "${subscriber}" of ${change} is not listed in DOMAIN_CHANGES`);
    }
    this.subscribers.set(change, [...(this.subscribers.get(change) ?? []), handle]);
  }

  async publish(work: Work, change: DomainChange, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const handle of this.subscribers.get(change) ?? []) await handle(work, ids);
  }
}

/**
 * A module's subscriptions, made when the module is built: `providers: [changeSubscriptions(RiskService,
 * (risks) => [['ai-system.materially-changed', 'risks', (work, ids) => risks.requestReview(work, ids)]])]`.
 */
export function changeSubscriptions<T>(
  service: Type<T>,
  subscriptions: (service: T) => ChangeSubscription[],
): FactoryProvider {
  return {
    provide: `${service.name} change subscriptions`,
    inject: [ChangeHook, service],
    useFactory: (hook: ChangeHook, instance: T) => {
      for (const [change, subscriber, handle] of subscriptions(instance))
        hook.subscribe(change, subscriber, handle);
      return true;
    },
  };
}
