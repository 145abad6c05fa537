import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Actor, BadUserInput } from '@aims/platform';
import { CreateEvidenceDownloadInput } from './dto/evidence.inputs';
import { findItem } from './evidence-rows';
import { EvidenceVersion } from './evidence-version.entity';
import { EvidenceVersionService } from './evidence-version.service';
import { actorOf, IssuedClaims, issuedTo, SignedUrls, TransferError } from './signed-urls';
import { hashStream } from './storage/metered-body';
import { EvidenceStorage, ObjectMissing } from './storage/evidence-storage';

interface DownloadClaims extends IssuedClaims {
  p: 'evidence-download';
  org: string;
  item: string;
  ver: string;
}

export interface DownloadGrant {
  downloadUrl: string;
  expiresAt: Date;
  version: EvidenceVersion;
}

export interface OpenDownload {
  version: EvidenceVersion & { sha256: string; sizeBytes: number };
  stream: Readable;
  claims: DownloadClaims;
}

/**
 * Evidence bytes out through short-lived signed URLs on the API itself (docs/domain-rules.md#evidence):
 * checked against the recorded SHA-256 before and while they are sent, and a mismatch is reported as
 * corruption instead of being served.
 */
@Injectable()
export class EvidenceDownloadService {
  private readonly logger = new Logger('EvidenceTransfer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly storage: EvidenceStorage,
    private readonly versions: EvidenceVersionService,
    private readonly urls: SignedUrls,
  ) {}

  async createDownload(actor: Actor, input: CreateEvidenceDownloadInput): Promise<DownloadGrant> {
    const item = await findItem(this.dataSource.manager, actor.organisationId, input.evidenceItemId);
    const versionId = input.versionId ?? item.currentVersionId;
    if (!versionId) throw BadUserInput.field('input.evidenceItemId', 'has no version yet');
    const version = await this.versions.version(actor, item.id, versionId);
    if (!version.sha256 || version.sizeBytes === null || version.url !== null) {
      throw BadUserInput.field(
        input.versionId ? 'input.versionId' : 'input.evidenceItemId',
        'is a LINK version: there is no stored file, follow its URL',
      );
    }
    const { exp, expiresAt } = this.urls.expiry();
    await this.uow.run(actor, async (work) =>
      work.audit({
        action: 'evidence.download_issued',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { versionId: version.id, sha256: version.sha256, expiresAt },
      }),
    );
    const claims: DownloadClaims = {
      p: 'evidence-download',
      exp,
      org: actor.organisationId,
      item: item.id,
      ver: version.id,
      ...issuedTo(actor),
    };
    return {
      downloadUrl: this.urls.url('evidence/downloads', claims),
      expiresAt,
      version,
    };
  }

  /**
   * Opens a signed download after hashing the whole stored object: a missing or altered object is reported
   * (audit event, error log) and refused with EVIDENCE_CORRUPTED before a byte is sent. The caller streams
   * the result through verifyingStream, which catches a change made after this check.
   */
  async openDownload(token: string, requestId?: string): Promise<OpenDownload> {
    const { claims } = await this.urls.open<DownloadClaims>(
      token,
      'evidence-download',
      'DOWNLOAD',
      requestId,
    );
    const found = await this.dataSource
      .getRepository(EvidenceVersion)
      .findOneBy({ id: claims.ver, evidenceItemId: claims.item, organisationId: claims.org });
    if (!found?.sha256 || found.sizeBytes === null) {
      throw new TransferError(404, 'NOT_FOUND', 'The evidence version no longer exists');
    }
    const version = found as OpenDownload['version'];
    const actual = await this.hashStored(version.sha256);
    if (!actual || actual.sha256 !== version.sha256 || actual.size !== version.sizeBytes) {
      await this.reportCorruption(claims, version, actual, requestId);
      throw this.corrupted();
    }
    return { version, stream: await this.storage.open(version.sha256), claims };
  }

  corrupted() {
    return new TransferError(
      409,
      'EVIDENCE_CORRUPTED',
      'The stored file does not match the SHA-256 recorded when it was uploaded; it is not served',
    );
  }

  /** Audit event and error log for a stored object that is missing or does not match its version. */
  async reportCorruption(
    claims: DownloadClaims,
    version: EvidenceVersion,
    actual: { sha256: string; size: number } | null,
    requestId?: string,
  ): Promise<void> {
    this.logger.error({
      msg: 'evidence version corrupted',
      evidenceVersionId: version.id,
      evidenceItemId: version.evidenceItemId,
      organisationId: version.organisationId,
      expected: { sha256: version.sha256, size: version.sizeBytes },
      found: actual,
    });
    await this.uow.run(actorOf(claims, requestId), async (work) =>
      work.audit({
        action: 'evidence.corruption_detected',
        entityType: 'EvidenceVersion',
        entityId: version.id,
        changes: {
          evidenceItemId: version.evidenceItemId,
          expected: { sha256: version.sha256, sizeBytes: version.sizeBytes },
          actual: actual ? { sha256: actual.sha256, sizeBytes: actual.size } : null,
        },
      }),
    );
  }

  private async hashStored(sha256: string): Promise<{ sha256: string; size: number } | null> {
    let stream: Readable;
    try {
      stream = await this.storage.open(sha256);
    } catch (err) {
      if (err instanceof ObjectMissing) return null;
      throw err;
    }
    return hashStream(stream);
  }
}
