import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, QueueName, QueueProcessor, ScheduledJob } from '@aims/platform';
import { EvidenceStorage } from './evidence-storage';

/**
 * Deletes staged objects that were never committed or discarded (a process that died mid-upload, a direct
 * upload never completed, a pack export that crashed) once they are STAGED_OBJECT_MAX_AGE_HOURS old.
 * Deleting by age is idempotent, so retries and several workers are safe.
 */
@Injectable()
export class StorageCleanupProcessor implements QueueProcessor {
  readonly queue = QueueName.StorageCleanup;

  constructor(
    private readonly storage: EvidenceStorage,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  schedules(): ScheduledJob[] {
    return [
      { id: 'storage-cleanup', name: 'sweep-staged', everyMs: this.config.STORAGE_CLEANUP_INTERVAL_MS },
    ];
  }

  async process(): Promise<{ removed: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.STAGED_OBJECT_MAX_AGE_HOURS * 3600_000);
    return { removed: await this.storage.sweepStaged(cutoff) };
  }
}
