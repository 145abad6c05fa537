import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { PassThrough } from 'node:stream';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { EvidenceStorage, StagedObject } from '@aims/evidence';
import {
  AppConfig,
  Clock,
  QueueConnection,
  QueueName,
  QueueProcessor,
  ScheduledJob,
  systemActor,
} from '@aims/platform';
import { PACK_WRITER, PackWriter } from './export-pack.writer';
import { ExportJob } from './export-job.entity';
import { ExportPhase, ExportStatus } from './export.enums';
import { ExportJobData, ExportsService } from './exports.service';
import { PackGatherer } from './pack-gatherer';
import { PackSigningKeys } from './pack-signing-keys.service';

const DAY_MS = 24 * 3600 * 1000;
/** Packs are staged under this ceiling (ZIP64 goes far beyond; this only stops a runaway job). */
const MAX_PACK_BYTES = 1024 ** 4;
const RETENTION_EVERY_MS = 3600 * 1000;
/** A RUNNING export whose queue job has been gone this long after its start is given up as lost. */
const LOST_AFTER_MS = 15 * 60 * 1000;
/** Queue states in which a job will still run, or is running, and report on its row. */
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);
/** Progress shares: gathering up to 5 %, writing up to 95 %, storing the rest. */
const GATHERED = 5;
const WRITTEN = 95;

/**
 * Builds evidence packs on the `exports` queue. The ZIP streams into the storage's staging area and is
 * committed under its SHA-256 only once complete, so a crash never leaves a pack that looks finished, and a
 * retry (same data, same asOf, same bytes) lands on the same object. The job row turns COMPLETED or FAILED
 * in one unit of work with its audit and outbox events. A scheduled `retention` job removes expired packs
 * and re-queues requests whose queue entry was lost, or fails those lost while running.
 */
@Injectable()
export class ExportProcessor implements QueueProcessor {
  readonly queue = QueueName.Exports;
  private readonly logger = new Logger(ExportProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly storage: EvidenceStorage,
    private readonly gatherer: PackGatherer,
    private readonly keys: PackSigningKeys,
    private readonly exports: ExportsService,
    private readonly queues: QueueConnection,
    @Inject(PACK_WRITER) private readonly writePack: PackWriter,
  ) {}

  schedules(): ScheduledJob[] {
    return [{ id: 'exports-retention', name: 'retention', everyMs: RETENTION_EVERY_MS }];
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === 'retention') return this.sweep();
    return this.build(job as Job<ExportJobData>);
  }

  private repo() {
    return this.dataSource.getRepository(ExportJob);
  }

  private async report(id: string, values: Partial<ExportJob>): Promise<void> {
    await this.repo().update({ id, status: ExportStatus.RUNNING }, values);
  }

  async build(job: Job<ExportJobData>): Promise<{ sha256: string } | null> {
    const { exportId, organisationId } = job.data;
    const row = await this.repo().findOneBy({ id: exportId, organisationId });
    if (!row || row.status === ExportStatus.COMPLETED || row.status === ExportStatus.FAILED) return null;
    await this.repo().update(
      { id: row.id },
      {
        status: ExportStatus.RUNNING,
        phase: ExportPhase.GATHERING,
        progress: 0,
        error: null,
        startedAt: row.startedAt ?? this.clock.now(),
      },
    );
    let staged: StagedObject | undefined;
    try {
      const content = await this.gatherer.gather(row);
      const signer = await this.keys.signerFor(organisationId);
      await this.report(row.id, { phase: ExportPhase.WRITING, progress: GATHERED });
      await job.updateProgress(GATHERED);

      let reported = GATHERED;
      let pending = Promise.resolve();
      const onProgress = (percent: number) => {
        const overall =
          GATHERED + Math.floor((Math.min(100, Math.max(0, percent)) * (WRITTEN - GATHERED)) / 100);
        if (overall <= reported) return;
        reported = overall;
        pending = pending
          .then(() => this.report(row.id, { progress: overall }))
          .then(() => job.updateProgress(overall))
          .catch((err: Error) =>
            this.logger.warn({
              msg: 'export progress not recorded',
              exportJobId: row.id,
              error: err.message,
            }),
          );
      };
      const body = new PassThrough();
      const staging = this.storage.stage(body, MAX_PACK_BYTES);
      // Storage giving up (disk full, store down) ends the body, which makes the writer fail too.
      staging.catch((err: Error) => body.destroy(err));
      let result;
      try {
        result = await this.writePack(content, signer, body, onProgress);
      } catch (err) {
        body.destroy(err as Error);
        throw err;
      }
      staged = await staging;
      // The storage hashed the pack while staging it (the writer does not hash it again): both counted it.
      if (staged.size !== result.size)
        throw new Error(`the storage received ${staged.size} bytes of a ${result.size}-byte pack`);
      await pending;
      await this.report(row.id, { phase: ExportPhase.STORING, progress: WRITTEN });
      await this.storage.commit(staged, 'packs');
      const pack = staged;
      await this.uow.run(systemActor(organisationId), async (work) => {
        const completedAt = this.clock.now();
        await work.manager.getRepository(ExportJob).update(
          { id: row.id },
          {
            status: ExportStatus.COMPLETED,
            progress: 100,
            phase: null,
            completedAt,
            error: null,
            packSha256: pack.sha256,
            packSize: pack.size,
            fileCount: result.fileCount,
            manifestSha256: result.manifestSha256,
            keyId: signer.keyId,
          },
        );
        const summary = {
          exportId: row.id,
          sha256: pack.sha256,
          size: pack.size,
          fileCount: result.fileCount,
          manifestSha256: result.manifestSha256,
          keyId: signer.keyId,
        };
        work.audit({
          action: 'export.completed',
          entityType: 'ExportJob',
          entityId: row.id,
          changes: summary,
        });
        work.emit('export.completed', { ...summary, cycleId: row.cycleId, completedAt });
      });
      await job.updateProgress(100);
      return { sha256: pack.sha256 };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 < attempts) {
        await this.report(row.id, { phase: ExportPhase.RETRYING, error: message });
      } else {
        await this.fail(row, message);
      }
      throw err;
    } finally {
      if (staged) await this.storage.discard(staged);
    }
  }

  private async fail(row: ExportJob, message: string): Promise<void> {
    this.logger.warn({
      msg: 'export failed',
      exportJobId: row.id,
      organisationId: row.organisationId,
      error: message,
    });
    await this.uow.run(systemActor(row.organisationId), async (work) => {
      // Only a row still RUNNING turns FAILED: one that finished meanwhile keeps its outcome.
      const updated = await work.manager
        .getRepository(ExportJob)
        .update(
          { id: row.id, status: ExportStatus.RUNNING },
          { status: ExportStatus.FAILED, phase: null, error: message },
        );
      if (!updated.affected) return;
      work.audit({
        action: 'export.failed',
        entityType: 'ExportJob',
        entityId: row.id,
        changes: { error: message },
      });
      work.emit('export.failed', { exportId: row.id, cycleId: row.cycleId, error: message });
    });
  }

  /**
   * Removes packs past PACK_RETENTION_DAYS (the job row keeps its history) and queues again any request
   * still QUEUED whose queue entry was lost (its job id makes a second add harmless). A job that failed
   * outside `build()` (stalled too often, its worker killed) never reaches its catch: a row RUNNING past
   * LOST_AFTER_MS whose queue job is failed, finished or gone is failed here, with its audit and outbox events.
   */
  async sweep(): Promise<{ removed: number; requeued: number; lost: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.PACK_RETENTION_DAYS * DAY_MS);
    const expired = await this.repo().find({
      where: { status: ExportStatus.COMPLETED, packRemovedAt: IsNull(), completedAt: LessThan(cutoff) },
      order: { completedAt: 'ASC' },
      take: 500,
    });
    let removed = 0;
    for (const job of expired) {
      const stillNeeded = await this.repo()
        .createQueryBuilder('j')
        .where('j.packSha256 = :sha AND j.packRemovedAt IS NULL AND j.completedAt >= :cutoff', {
          sha: job.packSha256,
          cutoff,
        })
        .getCount();
      // Identical packs share one object: it goes with the last job that still holds it.
      if (stillNeeded === 0) await this.storage.remove(job.packSha256 as string, 'packs');
      await this.uow.run(systemActor(job.organisationId), async (work) => {
        await work.manager
          .getRepository(ExportJob)
          .update({ id: job.id }, { packRemovedAt: this.clock.now() });
        work.audit({
          action: 'export.pack_removed',
          entityType: 'ExportJob',
          entityId: job.id,
          changes: { sha256: job.packSha256, retentionDays: this.config.PACK_RETENTION_DAYS },
        });
      });
      removed += 1;
    }
    const stale = await this.repo().find({
      where: {
        status: ExportStatus.QUEUED,
        createdAt: LessThan(new Date(this.clock.now().getTime() - 60_000)),
      },
      take: 500,
    });
    for (const job of stale) await this.exports.enqueue(job);
    return { removed, requeued: stale.length, lost: await this.failLost() };
  }

  private async failLost(): Promise<number> {
    const running = await this.repo().find({
      where: {
        status: ExportStatus.RUNNING,
        startedAt: LessThan(new Date(this.clock.now().getTime() - LOST_AFTER_MS)),
      },
      order: { startedAt: 'ASC' },
      take: 500,
    });
    const queue = this.queues.queue(QueueName.Exports);
    let lost = 0;
    for (const row of running) {
      if (LIVE_STATES.has(await queue.getJobState(row.id))) continue;
      await this.fail(row, 'the worker lost the job');
      lost += 1;
    }
    return lost;
  }
}
