import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Actor, actorId, AppConfig, BadUserInput, Clock, Conflict, NotFound } from '@aims/platform';
import { CompleteEvidenceUploadInput, CreateEvidenceUploadInput } from './dto/evidence.inputs';
import { EvidenceKind } from './evidence.enums';
import { actionProblem, EvidenceAction } from './evidence-status';
import { EvidenceItem } from './evidence-item.entity';
import { lockItem } from './evidence-rows';
import { EvidenceUpload } from './evidence-upload.entity';
import { EvidenceVersion } from './evidence-version.entity';
import { ValidityChange, validityProblems } from './evidence-validity';
import { EvidenceVersionService } from './evidence-version.service';
import { actorOf, IssuedClaims, issuedTo, SignedUrls, TransferError } from './signed-urls';
import { EvidenceStorage, ObjectTooLarge, StagedObject } from './storage/evidence-storage';

interface UploadClaims extends IssuedClaims {
  p: 'evidence-upload';
  id: string;
  org: string;
  item: string;
  mt: string;
  fn: string;
}

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/**
 * Evidence bytes in through short-lived signed URLs on the API itself, or straight to the object store
 * (docs/domain-rules.md#evidence): uploads stream to storage while hashed and counted and become versions.
 * Downloads are EvidenceDownloadService's.
 */
@Injectable()
export class EvidenceTransferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly storage: EvidenceStorage,
    private readonly versions: EvidenceVersionService,
    private readonly urls: SignedUrls,
  ) {}

  get maxBytes(): number {
    return this.config.EVIDENCE_MAX_BYTES;
  }

  /** Direct uploads: the bytes go straight to the object store and the name they are staged under. */
  get direct(): boolean {
    return this.config.S3_DIRECT_UPLOADS;
  }

  private stagedName(uploadId: string): string {
    return `direct-${uploadId}`;
  }

  async createUpload(actor: Actor, input: CreateEvidenceUploadInput) {
    const problems: { field: string; message: string }[] = [];
    if (input.sizeBytes !== undefined && input.sizeBytes > this.maxBytes) {
      problems.push({
        field: 'input.sizeBytes',
        message: `exceeds the upload limit of ${this.maxBytes} bytes`,
      });
    }
    if (this.direct) {
      if (input.sizeBytes === undefined) {
        problems.push({
          field: 'input.sizeBytes',
          message: 'is required for direct uploads to object storage',
        });
      } else if (input.sizeBytes === 0) {
        problems.push({ field: 'input.sizeBytes', message: 'must be at least 1: an upload cannot be empty' });
      }
      if (!input.sha256) {
        problems.push({ field: 'input.sha256', message: 'is required for direct uploads to object storage' });
      }
    }
    if (problems.length > 0) throw new BadUserInput(problems);
    const validity: ValidityChange = {
      collectedAt: input.collectedAt,
      validFrom: input.validFrom,
      validUntil: input.validUntil,
    };
    const { exp, expiresAt } = this.urls.expiry();
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      if (item.kind === EvidenceKind.LINK) {
        throw BadUserInput.field(
          'input.evidenceItemId',
          'is LINK evidence: add URL versions with addEvidenceLinkVersion',
        );
      }
      const problem = actionProblem(EvidenceAction.ADD_VERSION, item.state, {
        hasVersion: item.versionCount > 0,
      });
      if (problem) throw new Conflict(`Cannot add a version to evidence ${item.id}: ${problem}`);
      const problems = validityProblems(validity, item, this.clock.now());
      if (problems.length > 0) throw new BadUserInput(problems);
      const repo = work.manager.getRepository(EvidenceUpload);
      const upload = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          evidenceItemId: item.id,
          mediaType: input.mediaType,
          originalName: input.fileName,
          validity: Object.values(validity).some((v) => v !== undefined)
            ? JSON.parse(JSON.stringify(validity))
            : null,
          issuedToType: actor.type,
          issuedToId: actorId(actor),
          issuedToRole: actor.role,
          expiresAt,
          direct: this.direct,
          declaredSizeBytes: this.direct ? (input.sizeBytes ?? null) : null,
          declaredSha256: this.direct ? (input.sha256 ?? null) : null,
        }),
      );
      work.audit({
        action: 'evidence.upload_issued',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: {
          uploadId: upload.id,
          fileName: input.fileName,
          mediaType: input.mediaType,
          expiresAt,
          direct: this.direct,
          ...(this.direct ? { sizeBytes: input.sizeBytes, sha256: input.sha256 } : {}),
        },
      });
      if (this.direct) {
        const presigned = await this.storage.presignStagedUpload(
          this.stagedName(upload.id),
          { sha256: input.sha256 as string, size: input.sizeBytes as number },
          this.config.EVIDENCE_URL_TTL_SECONDS,
        );
        if (!presigned) throw new Error('S3_DIRECT_UPLOADS is set but the storage cannot presign uploads');
        return {
          uploadId: upload.id,
          uploadUrl: presigned.url,
          method: 'PUT',
          headers: presigned.headers,
          expiresAt,
          maxBytes: input.sizeBytes as number,
          direct: true,
        };
      }
      const claims: UploadClaims = {
        p: 'evidence-upload',
        exp,
        id: upload.id,
        org: actor.organisationId,
        item: item.id,
        mt: input.mediaType,
        fn: input.fileName,
        ...issuedTo(actor),
      };
      return {
        uploadId: upload.id,
        uploadUrl: this.urls.url('evidence/uploads', claims),
        method: 'PUT',
        headers: [{ name: 'Content-Type', value: 'application/octet-stream' }],
        expiresAt,
        maxBytes: this.maxBytes,
        direct: false,
      };
    });
  }

  /**
   * Receives the body of a signed upload: streamed to staging while hashed and counted (413 past the limit),
   * then recorded as a new version and committed to storage in one unit of work. The URL works once.
   */
  async receiveUpload(
    token: string,
    body: Readable,
    declaredLength: number | null,
    requestId?: string,
  ): Promise<{ item: EvidenceItem; version: EvidenceVersion }> {
    const { claims } = await this.urls.open<UploadClaims>(token, 'evidence-upload', 'UPLOAD', requestId);
    const upload = await this.dataSource
      .getRepository(EvidenceUpload)
      .findOneBy({ id: claims.id, organisationId: claims.org, evidenceItemId: claims.item });
    if (!upload || upload.mediaType !== claims.mt || upload.originalName !== claims.fn) {
      throw new TransferError(403, 'UPLOAD_URL_INVALID', 'The upload URL is not valid');
    }
    if (upload.direct) throw new TransferError(403, 'UPLOAD_URL_INVALID', 'The upload URL is not valid');
    if (upload.consumedAt) throw this.used();
    if (declaredLength !== null && declaredLength > this.maxBytes) throw this.tooLarge();

    let staged: StagedObject;
    try {
      staged = await this.storage.stage(body, this.maxBytes);
    } catch (err) {
      if (err instanceof ObjectTooLarge) throw this.tooLarge();
      throw err;
    }
    try {
      if (staged.size === 0) throw new TransferError(400, 'EVIDENCE_EMPTY', 'The upload is empty');
      const actor = actorOf({ ...claims, org: upload.organisationId }, requestId);
      return await this.record(actor, upload, staged, () => this.used());
    } finally {
      await this.storage.discard(staged);
    }
  }

  /**
   * Records `staged` as the version `upload` produces and commits it to storage, in one unit of work: the
   * upload is consumed once, and a committed version always has its bytes in storage.
   */
  private record(
    actor: Actor,
    upload: EvidenceUpload,
    staged: StagedObject,
    used: () => Error,
  ): Promise<{ item: EvidenceItem; version: EvidenceVersion }> {
    return this.uow.run(actor, async (work) => {
      const current = await work.manager
        .getRepository(EvidenceUpload)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id AND u.organisationId = :org', { id: upload.id, org: upload.organisationId })
        .getOneOrFail();
      if (current.consumedAt) throw used();
      const item = await lockItem(work.manager, actor.organisationId, upload.evidenceItemId);
      const validity = current.validity ?? {};
      const version = await this.versions.addVersion(
        work,
        item,
        {
          sha256: staged.sha256,
          sizeBytes: staged.size,
          mediaType: upload.mediaType,
          originalName: upload.originalName,
          url: null,
          uploadId: upload.id,
        },
        {
          collectedAt: toDate(validity.collectedAt),
          validFrom: toDate(validity.validFrom),
          validUntil: toDate(validity.validUntil),
        },
      );
      await work.manager
        .getRepository(EvidenceUpload)
        .update({ id: upload.id }, { consumedAt: this.clock.now(), versionId: version.id });
      await this.storage.commit(staged);
      return { item, version };
    });
  }

  /**
   * Records a direct upload: the object the client PUT to the store must have exactly the size and SHA-256
   * declared (checked from the store's checksum or by reading the object back). Anything else is refused,
   * the object deleted, and nothing recorded.
   */
  async completeUpload(
    actor: Actor,
    input: CompleteEvidenceUploadInput,
  ): Promise<{ item: EvidenceItem; version: EvidenceVersion }> {
    const upload = await this.dataSource
      .getRepository(EvidenceUpload)
      .findOneBy({ id: input.uploadId, organisationId: actor.organisationId });
    if (!upload) throw new NotFound('EvidenceUpload', input.uploadId);
    if (!upload.direct) {
      throw BadUserInput.field('input.uploadId', 'is an upload through the API: its PUT records the version');
    }
    const used = () => new Conflict(`Upload ${upload.id} has already been completed`);
    if (upload.consumedAt) throw used();
    const staged = await this.storage.inspectStaged(this.stagedName(upload.id));
    if (!staged) throw BadUserInput.field('input.uploadId', 'has no uploaded object yet: PUT the file first');
    try {
      if (staged.size !== upload.declaredSizeBytes || staged.sha256 !== upload.declaredSha256) {
        throw BadUserInput.field(
          'input.uploadId',
          `the uploaded object (${staged.size} bytes, SHA-256 ${staged.sha256}) does not match the declared ` +
            `${upload.declaredSizeBytes} bytes and SHA-256 ${upload.declaredSha256}; it was deleted`,
        );
      }
      return await this.record(actor, upload, staged, used);
    } finally {
      await this.storage.discard(staged);
    }
  }

  private used() {
    return new TransferError(409, 'UPLOAD_URL_USED', 'The upload URL has already been used');
  }

  private tooLarge() {
    return new TransferError(
      413,
      'EVIDENCE_TOO_LARGE',
      `Evidence uploads are limited to ${this.maxBytes} bytes`,
    );
  }
}
