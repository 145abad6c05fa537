import { Controller, Get, Logger, Param, Put, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedRequest, DomainError } from '@aims/platform';
import { EvidenceDownloadService } from './evidence-download.service';
import { EvidenceTransferService } from './evidence-transfer.service';
import { TransferError } from './signed-urls';
import { IntegrityMismatch, verifyingStream } from './storage/verifying-stream';

const DOMAIN_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The signed evidence URLs: plain HTTP, outside GraphQL and its guard (the signed token is the credential).
 * The API parses JSON bodies only, so an upload body reaches this handler unread and is streamed from the
 * request itself, never buffered.
 */
@Controller('evidence')
export class EvidenceTransferController {
  private readonly logger = new Logger('EvidenceTransfer');

  constructor(
    private readonly transfers: EvidenceTransferService,
    private readonly downloads: EvidenceDownloadService,
  ) {}

  @Put('uploads/:token')
  async upload(
    @Param('token') token: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    // A client going away mid-body fails the staging (which cleans up), not the process.
    req.on('error', () => undefined);
    const length = Number(req.headers['content-length']);
    try {
      const { item, version } = await this.transfers.receiveUpload(
        token,
        req,
        Number.isFinite(length) ? length : null,
        req.requestId,
      );
      res.status(201).json({
        evidenceItemId: item.id,
        status: item.state,
        version: {
          id: version.id,
          number: version.number,
          sha256: version.sha256,
          sizeBytes: version.sizeBytes,
          mediaType: version.mediaType,
          originalName: version.originalName,
          uploadedAt: version.uploadedAt,
        },
      });
    } catch (err) {
      this.fail(req, res, err);
    }
  }

  @Get('downloads/:token')
  async download(
    @Param('token') token: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    let opened;
    try {
      opened = await this.downloads.openDownload(token, req.requestId);
    } catch (err) {
      this.fail(req, res, err);
      return;
    }
    const { version, stream, claims } = opened;
    res.status(200);
    res.setHeader('Content-Type', version.mediaType ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(version.sizeBytes));
    res.setHeader(
      'Content-Disposition',
      contentDisposition(version.originalName ?? `evidence-${version.number}`),
    );
    res.setHeader('ETag', `"${version.sha256}"`);
    // RFC 9530: clients can check what they received against the hash recorded at upload.
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(version.sha256, 'hex').toString('base64')}:`);
    res.setHeader('X-Content-SHA256', version.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await pipeline(stream, verifyingStream({ sha256: version.sha256, size: version.sizeBytes }), res);
    } catch (err) {
      // Headers are gone: the connection is cut before the last bytes, so the client sees a broken transfer.
      res.destroy();
      if (err instanceof IntegrityMismatch) {
        await this.downloads.reportCorruption(claims, version, err.actual, req.requestId);
      } else {
        this.logger.warn({
          msg: 'evidence download interrupted',
          evidenceVersionId: version.id,
          organisationId: version.organisationId,
          error: String(err),
        });
      }
    }
  }

  private fail(req: AuthenticatedRequest, res: Response, err: unknown): void {
    let status = 500;
    let code = 'INTERNAL_SERVER_ERROR';
    let message = 'Internal server error';
    if (err instanceof TransferError) {
      ({ status, code, message } = err);
    } else if (err instanceof DomainError && DOMAIN_STATUS[err.code]) {
      status = DOMAIN_STATUS[err.code];
      code = err.code;
      message = err.message;
    } else {
      this.logger.error({ msg: 'evidence transfer failed', err });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json({ statusCode: status, code, message });
    // Whatever of the body is still unread is drained and dropped, so the client can read the answer.
    if (!req.complete) req.resume();
  }
}
