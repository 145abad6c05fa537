import { Injectable } from '@nestjs/common';
import { AppConfig, QueueName, QueueProcessor, ScheduledJob } from '@aims/platform';
import { ReassessmentSweeper, SweepResult } from './reassessment-sweeper';

/**
 * Runs the reassessment sweep on a BullMQ job scheduler. A sweep is idempotent (unique task key, only
 * inserted rows evented), so retries, overlapping sweeps and several workers are all safe.
 */
@Injectable()
export class ReassessmentProcessor implements QueueProcessor {
  readonly queue = QueueName.Reassessment;

  constructor(
    private readonly sweeper: ReassessmentSweeper,
    private readonly config: AppConfig,
  ) {}

  schedules(): ScheduledJob[] {
    return [{ id: 'reassessment-sweep', name: 'sweep', everyMs: this.config.REASSESSMENT_SWEEP_INTERVAL_MS }];
  }

  process(): Promise<SweepResult> {
    return this.sweeper.sweep();
  }
}
