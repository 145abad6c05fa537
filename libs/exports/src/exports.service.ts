import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { CatalogService } from '@aims/catalog';
import { CyclesService } from '@aims/cycles';
import { EvidenceStorage, IssuedClaims, issuedTo, SignedUrls, TransferError } from '@aims/evidence';
import {
  Actor,
  actorId,
  AppConfig,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  keysetPage,
  NotFound,
  QueueConnection,
  QueueName,
} from '@aims/platform';
import { CreateExportDownloadInput, ExportJobFilter, RequestEvidencePackInput } from './dto/export.inputs';
import { ExportJob } from './export-job.entity';
import { ExportJobModel } from './export-job.model';
import { ExportStatus } from './export.enums';

const DAY_MS = 24 * 3600 * 1000;
/** A pack that fails three times (2 s, then 4 s apart) is reported FAILED. */
const EXPORT_ATTEMPTS = 3;

/** What the `exports` queue carries for one pack. */
export interface ExportJobData {
  exportId: string;
  organisationId: string;
}

interface PackDownloadClaims extends IssuedClaims {
  p: 'pack-download';
  job: string;
}

/** Evidence packs as callers see them: requests, the job list, signed downloads (docs/domain-rules.md#evidence-packs). */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly queues: QueueConnection,
    private readonly catalog: CatalogService,
    private readonly cycles: CyclesService,
    private readonly storage: EvidenceStorage,
    private readonly urls: SignedUrls,
  ) {}

  toModel(job: ExportJob): ExportJobModel {
    const packed = job.status === ExportStatus.COMPLETED && job.packSha256 !== null && job.completedAt;
    return {
      id: job.id,
      status: job.status,
      progress: job.progress,
      phase: job.phase,
      requestedBy: job.requestedById,
      scope: {
        cycleId: job.cycleId,
        frameworkUrns: job.frameworkUrns,
        periodStart: job.periodStart,
        periodEnd: job.periodEnd,
        asOf: job.asOf,
        includeEvidenceFiles: job.includeEvidenceFiles,
      },
      createdAt: job.createdAt,
      completedAt: job.completedAt,
      error: job.error,
      pack: packed
        ? {
            sha256: job.packSha256 as string,
            size: job.packSize as number,
            fileCount: job.fileCount as number,
            manifestSha256: job.manifestSha256 as string,
            keyId: job.keyId as string,
            expiresAt: this.packExpiresAt(job.completedAt as Date),
            available: job.packRemovedAt === null,
          }
        : null,
    };
  }

  packExpiresAt(completedAt: Date): Date {
    return new Date(completedAt.getTime() + this.config.PACK_RETENTION_DAYS * DAY_MS);
  }

  /**
   * Checks the scope (the cycle must be the caller's, every framework known, the period in order, asOf not
   * in the future), records the job with its audit event, then queues it under the job's own id.
   */
  async request(actor: Actor, input: RequestEvidencePackInput): Promise<ExportJobModel> {
    const now = this.clock.now();
    if (input.periodEnd <= input.periodStart) {
      throw BadUserInput.field('input.periodEnd', 'must be after periodStart');
    }
    if (input.asOf && input.asOf > now) throw BadUserInput.field('input.asOf', 'must not be in the future');
    await this.cycles.get(actor, input.cycleId);
    const frameworkUrns = [...new Set(input.frameworkUrns)].sort();
    for (const urn of frameworkUrns) {
      try {
        await this.catalog.findFramework(actor.organisationId, urn);
      } catch (err) {
        if (err instanceof NotFound)
          throw BadUserInput.field('input.frameworkUrns', `unknown framework ${urn}`);
        throw err;
      }
    }
    const job = await this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(ExportJob);
      const created = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          status: ExportStatus.QUEUED,
          progress: 0,
          phase: null,
          requestedByType: actor.type,
          requestedById: actorId(actor),
          cycleId: input.cycleId,
          frameworkUrns,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          asOf: input.asOf ?? now,
          includeEvidenceFiles: input.includeEvidenceFiles ?? true,
        }),
      );
      work.audit({
        action: 'export.requested',
        entityType: 'ExportJob',
        entityId: created.id,
        changes: {
          cycleId: created.cycleId,
          frameworkUrns,
          periodStart: created.periodStart,
          periodEnd: created.periodEnd,
          asOf: created.asOf,
          includeEvidenceFiles: created.includeEvidenceFiles,
        },
      });
      return created;
    });
    await this.enqueue(job);
    return this.toModel(job);
  }

  /** Queues a job under its own id: adding it again while it is known to the queue does nothing. */
  async enqueue(job: ExportJob): Promise<void> {
    const data: ExportJobData = { exportId: job.id, organisationId: job.organisationId };
    await this.queues.queue<ExportJobData>(QueueName.Exports).add('pack', data, {
      jobId: job.id,
      attempts: EXPORT_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2000 },
    });
  }

  private async find(actor: Actor, id: string): Promise<ExportJob> {
    const job = await this.dataSource
      .getRepository(ExportJob)
      .findOneBy({ organisationId: actor.organisationId, id });
    if (!job) throw new NotFound('ExportJob', id);
    return job;
  }

  async get(actor: Actor, id: string): Promise<ExportJobModel> {
    return this.toModel(await this.find(actor, id));
  }

  /** The organisation's export jobs, newest first. */
  async list(
    actor: Actor,
    filter: ExportJobFilter,
    first: number,
    after?: string,
  ): Promise<Connection<ExportJobModel>> {
    const qb = this.dataSource
      .getRepository(ExportJob)
      .createQueryBuilder('j')
      .where('j.organisationId = :org', { org: actor.organisationId });
    if (filter.status?.length) qb.andWhere({ status: In(filter.status) });
    if (filter.cycleId) qb.andWhere('j.cycleId = :cycleId', { cycleId: filter.cycleId });
    if (filter.requestedBy)
      qb.andWhere('j.requestedById = :requestedBy', { requestedBy: filter.requestedBy });
    const page = await keysetPage(qb, {
      first,
      after,
      sort: { column: 'j.createdAt', value: (j) => j.createdAt, direction: 'DESC' },
      idColumn: 'j.id',
      id: (j) => j.id,
    });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.toModel(e.node) })) };
  }

  /** A short-lived URL for the finished ZIP; issuing it is audited, and so is every download through it. */
  async createDownload(
    actor: Actor,
    input: CreateExportDownloadInput,
  ): Promise<{ downloadUrl: string; expiresAt: Date; job: ExportJobModel }> {
    const job = await this.find(actor, input.jobId);
    if (job.status !== ExportStatus.COMPLETED || !job.packSha256) {
      throw new Conflict(`Export job ${job.id} is ${job.status}: there is no pack to download yet`);
    }
    if (job.packRemovedAt) throw new Conflict(`The pack of export job ${job.id} was removed by retention`);
    const { exp, expiresAt } = this.urls.expiry();
    await this.uow.run(actor, async (work) =>
      work.audit({
        action: 'export.download_issued',
        entityType: 'ExportJob',
        entityId: job.id,
        changes: { sha256: job.packSha256, expiresAt },
      }),
    );
    const claims: PackDownloadClaims = {
      p: 'pack-download',
      exp,
      org: actor.organisationId,
      job: job.id,
      ...issuedTo(actor),
    };
    return {
      downloadUrl: this.urls.url('exports/downloads', claims),
      expiresAt,
      job: this.toModel(job),
    };
  }

  /** The pack a signed download URL names, for the credentials it was issued to, if still valid. */
  async downloadable(token: string, requestId?: string): Promise<{ job: ExportJob; actor: Actor }> {
    const { claims, actor } = await this.urls.open<PackDownloadClaims>(
      token,
      'pack-download',
      'DOWNLOAD',
      requestId,
    );
    const job = await this.dataSource
      .getRepository(ExportJob)
      .findOneBy({ organisationId: claims.org, id: claims.job });
    if (!job?.packSha256 || job.packRemovedAt) {
      throw new TransferError(404, 'NOT_FOUND', 'The pack no longer exists');
    }
    return { job, actor };
  }

  /**
   * Opens a signed pack download (see `downloadable`) and audits it; the stream is closed again when the
   * audit cannot be written. The caller streams the result through verifyingStream against `job.packSha256`.
   */
  async openDownload(token: string, requestId?: string): Promise<{ job: ExportJob; stream: Readable }> {
    const { job, actor } = await this.downloadable(token, requestId);
    const stream = await this.storage.open(job.packSha256 as string, 'packs');
    try {
      await this.uow.run(actor, async (work) =>
        work.audit({
          action: 'export.downloaded',
          entityType: 'ExportJob',
          entityId: job.id,
          changes: { sha256: job.packSha256, size: job.packSize },
        }),
      );
    } catch (err) {
      stream.destroy();
      throw err;
    }
    return { job, stream };
  }
}
