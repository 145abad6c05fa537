import { Injectable } from '@nestjs/common';
import { Work } from '@aims/audit-log';

/** Reacts, inside the same unit of work, to risks being re-assessed or (re-)accepted. */
export type RiskChangeListener = (work: Work, riskIds: string[]) => Promise<void>;

/**
 * Lets domains that depend on risks (scheduled reassessment) react to a new assessment or acceptance
 * without this library depending on them: they register a listener when their module starts.
 */
@Injectable()
export class RiskChanges {
  private readonly assessedListeners: RiskChangeListener[] = [];
  private readonly acceptedListeners: RiskChangeListener[] = [];

  onAssessed(listener: RiskChangeListener): void {
    this.assessedListeners.push(listener);
  }

  onAccepted(listener: RiskChangeListener): void {
    this.acceptedListeners.push(listener);
  }

  async assessed(work: Work, riskIds: string[]): Promise<void> {
    for (const listener of this.assessedListeners) await listener(work, riskIds);
  }

  async accepted(work: Work, riskIds: string[]): Promise<void> {
    for (const listener of this.acceptedListeners) await listener(work, riskIds);
  }
}
