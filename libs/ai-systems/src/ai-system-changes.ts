import { Injectable } from '@nestjs/common';
import { Work } from '@aims/audit-log';

/** Reacts, inside the same unit of work, to a material change of AI systems (stage, model, grading factors, tier answers). */
export type MaterialChangeListener = (work: Work, aiSystemIds: string[]) => Promise<void>;

/**
 * Lets domains that depend on AI systems (risks) react to their material changes without this library
 * depending on them: they register a listener when their module starts.
 */
@Injectable()
export class AISystemChanges {
  private readonly listeners: MaterialChangeListener[] = [];

  onMaterialChange(listener: MaterialChangeListener): void {
    this.listeners.push(listener);
  }

  async materialChange(work: Work, aiSystemIds: string[]): Promise<void> {
    if (aiSystemIds.length === 0) return;
    for (const listener of this.listeners) await listener(work, aiSystemIds);
  }
}
