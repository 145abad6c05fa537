import { Injectable } from '@nestjs/common';
import { Work } from '@aims/audit-log';

/** Reacts, inside the same unit of work, to corrective actions being completed. */
export type CorrectiveActionCompletedListener = (work: Work, correctiveActionIds: string[]) => Promise<void>;

/**
 * Lets domains that depend on cycles (scheduled reassessment) react to a completed corrective action
 * without this library depending on them: they register a listener when their module starts.
 */
@Injectable()
export class CorrectiveActionChanges {
  private readonly listeners: CorrectiveActionCompletedListener[] = [];

  onCompleted(listener: CorrectiveActionCompletedListener): void {
    this.listeners.push(listener);
  }

  async completed(work: Work, correctiveActionIds: string[]): Promise<void> {
    for (const listener of this.listeners) await listener(work, correctiveActionIds);
  }
}
