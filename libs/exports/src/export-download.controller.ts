import { Controller, Get, Head, Header, Logger, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { TransferError, verifyingStream } from '@aims/evidence';
import { AuthenticatedRequest } from '@aims/platform';
import { ExportJob } from './export-job.entity';
import { ExportsService } from './exports.service';
import { PackSigningKeys } from './pack-signing-keys.service';

/**
 * Plain HTTP for packs: the signed download URL (the token is the credential) and the public list of
 * signing keys auditors verify manifests against.
 */
@Controller()
export class ExportDownloadController {
  private readonly logger = new Logger('ExportDownload');

  constructor(
    private readonly exports: ExportsService,
    private readonly keys: PackSigningKeys,
  ) {}

  /** Key id → SPKI PEM of every pack signing key, retired ones included. Public: no credentials. */
  @Get('.well-known/aims-pack-keys.json')
  @Header('Cache-Control', 'public, max-age=300')
  packKeys(): Promise<Record<string, string>> {
    return this.keys.publicKeys();
  }

  /** The headers of a download, checked like one, without reading the pack or auditing a download. */
  @Head('exports/downloads/:token')
  async downloadHead(
    @Param('token') token: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const { job } = await this.exports.downloadable(token, req.requestId);
      this.packHeaders(res, job);
      res.end();
    } catch (err) {
      this.fail(res, err);
    }
  }

  @Get('exports/downloads/:token')
  async download(
    @Param('token') token: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    let opened;
    try {
      opened = await this.exports.openDownload(token, req.requestId);
    } catch (err) {
      this.fail(res, err);
      return;
    }
    const { job, stream } = opened;
    const sha256 = job.packSha256 as string;
    const size = job.packSize as number;
    this.packHeaders(res, job);
    try {
      // The last bytes are released only if the stored object still matches the recorded hash.
      await pipeline(stream, verifyingStream({ sha256, size }), res);
    } catch (err) {
      res.destroy();
      this.logger.error({
        msg: 'pack download failed',
        exportJobId: job.id,
        organisationId: job.organisationId,
        sha256,
        error: String(err),
      });
    }
  }

  private packHeaders(res: Response, job: ExportJob): void {
    const sha256 = job.packSha256 as string;
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Length', String(job.packSize));
    res.setHeader('Content-Disposition', `attachment; filename="aims-evidence-pack-${job.id}.zip"`);
    res.setHeader('ETag', `"${sha256}"`);
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
    res.setHeader('X-Content-SHA256', sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
  }

  private fail(res: Response, err: unknown): void {
    if (!(err instanceof TransferError)) {
      this.logger.error({
        msg: 'pack download request failed',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      res
        .status(500)
        .json({ statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
      return;
    }
    res.status(err.status).json({ statusCode: err.status, code: err.code, message: err.message });
  }
}
