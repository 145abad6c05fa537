import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { AppConfig } from '@aims/platform';
import { EvidenceStorage } from './evidence-storage';
import { LocalEvidenceStorage } from './local-evidence-storage';
import { S3EvidenceStorage } from './s3-evidence-storage';

/** An S3 client for the configured store; without static keys the SDK's default credential chain applies. */
export function createS3Client(config: AppConfig): S3Client {
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
    // Checksums are sent where the operation asks for them (uploads choose SHA-256), not CRC32 everywhere:
    // stores that predate the SDK's default integrity protections refuse the extra headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The storage STORAGE_DRIVER names: the local directory (default) or the S3-compatible bucket. */
export function createEvidenceStorage(config: AppConfig): EvidenceStorage {
  if (config.STORAGE_DRIVER === 's3') {
    return new S3EvidenceStorage({
      client: createS3Client(config),
      bucket: config.S3_BUCKET as string,
      prefix: config.s3Prefix,
    });
  }
  return new LocalEvidenceStorage(path.resolve(config.EVIDENCE_STORAGE_DIR));
}
