import { Injectable } from '@nestjs/common';
import { Work } from '@aims/audit-log';

/** Reacts, inside the same unit of work, to evidence items getting a newly accepted version. */
export type EvidenceAcceptedListener = (work: Work, evidenceItemIds: string[]) => Promise<void>;

/**
 * Lets domains that depend on evidence (scheduled reassessment) react to an accepted version without this
 * library depending on them: they register a listener when their module starts.
 */
@Injectable()
export class EvidenceChanges {
  private readonly listeners: EvidenceAcceptedListener[] = [];

  onAccepted(listener: EvidenceAcceptedListener): void {
    this.listeners.push(listener);
  }

  async accepted(work: Work, evidenceItemIds: string[]): Promise<void> {
    for (const listener of this.listeners) await listener(work, evidenceItemIds);
  }
}
