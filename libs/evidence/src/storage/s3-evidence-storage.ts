import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  DirectUpload,
  EvidenceStorage,
  ObjectMissing,
  ObjectSpace,
  SHA256_HEX,
  StagedObject,
} from './evidence-storage';
import { hashStream, Metered, meterBody } from './metered-body';
import { uploadInParts } from './s3-part-upload';

export interface S3StorageOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix every object lives under ('' or ending in '/'). */
  prefix: string;
  /** Multipart part size (S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts uploaded at once; memory held is about partSize × (queueSize + 1). */
  queueSize?: number;
}

/** Default multipart part size and parts in flight: memory held is about 5 MiB × (4 + 1). */
export const S3_PART_SIZE = 5 * 1024 * 1024;
export const S3_QUEUE_SIZE = 4;

/** CopyObject copies at most 5 GiB; larger objects are copied part by part. */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART_SIZE = 512 * 1024 ** 2;
const STAGED_NAME = /^[A-Za-z0-9-]{1,100}$/;

const b64ToHex = (value: string) => Buffer.from(value, 'base64').toString('hex');
const hexToB64 = (value: string) => Buffer.from(value, 'hex').toString('base64');

/** A metered body as it was uploaded: with the SHA-256 of each part (none when sent without checksums). */
type Sent = Metered & { partDigests: Buffer[] };

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Evidence and packs in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, GCS interop), under
 * `<prefix>sha256/ab/cd/<hash>` (`<prefix>packs/sha256/...` for packs) with staged bodies under
 * `<prefix>tmp/`. A body is streamed as a multipart upload with per-part SHA-256 checksums, so the store
 * verifies every part; a HEAD then confirms its size and checksum before it can be committed by a
 * server-side copy. A store that reports no checksums is checked by its ETag where that is the MD5 of the
 * bytes sent (s3rver), and otherwise by reading the object back and hashing it.
 */
export class S3EvidenceStorage extends EvidenceStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  /**
   * Whether the last HEAD reported a SHA-256 checksum (undefined before the first). Uploads to a store
   * that reports checksums carry them and need no MD5; uploads to one that does not (s3rver) only need the
   * MD5 its ETag is compared with. What a store holds is proven either way: this only saves hashing.
   */
  private reportsChecksums: boolean | undefined;

  constructor(options: S3StorageOptions) {
    super();
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.partSize = options.partSize ?? S3_PART_SIZE;
    this.queueSize = options.queueSize ?? S3_QUEUE_SIZE;
  }

  /** The key of the object for `sha256`. */
  objectKey(sha256: string, space: ObjectSpace = 'evidence'): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    const root = space === 'evidence' ? this.prefix : `${this.prefix}${space}/`;
    return `${root}sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  private stagedKey(name: string): string {
    if (!STAGED_NAME.test(name)) throw new Error(`not a staged object name: ${name}`);
    return `${this.prefix}tmp/${name}`;
  }

  async stage(body: Readable, maxBytes: number): Promise<StagedObject> {
    const checksums = this.reportsChecksums !== false;
    const metered = meterBody(body, maxBytes, { md5: this.reportsChecksums !== true });
    const ref = this.stagedKey(randomUUID());
    let result: Sent;
    try {
      const partDigests = await uploadInParts(metered.stream, {
        client: this.client,
        bucket: this.bucket,
        key: ref,
        partSize: this.partSize,
        queueSize: this.queueSize,
        checksums,
      });
      result = { ...metered.result(), partDigests };
      const stored = await this.inspectKey(ref, result);
      if (!stored || stored.sha256 !== result.sha256 || stored.size !== result.size) {
        throw new Error(`the store holds other bytes than were sent for ${ref}`);
      }
    } catch (err) {
      metered.detach();
      // The failed upload stops reading: whatever the store kept is dropped.
      metered.stream.destroy();
      await this.deleteKey(ref);
      throw err;
    }
    metered.detach();
    return { ref, sha256: result.sha256, size: result.size };
  }

  /**
   * Size and SHA-256 of the object at `key` as the store has it: from the checksum the store reports when
   * it reports one that can be compared (a single-part upload's SHA-256, or a multipart upload's
   * checksum of part checksums when the parts are known); from the ETag when it is the MD5 of the bytes
   * sent; otherwise by reading the object and hashing it.
   */
  private async inspectKey(key: string, sent?: Sent): Promise<{ sha256: string; size: number } | null> {
    let head;
    try {
      head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
    const size = Number(head.ContentLength ?? -1);
    const reported = head.ChecksumSHA256;
    this.reportsChecksums = reported !== undefined;
    if (reported && !reported.includes('-')) return { sha256: b64ToHex(reported), size };
    if (reported && sent?.partDigests.length && sent.size === size) {
      const composite = createHash('sha256').update(Buffer.concat(sent.partDigests)).digest('base64');
      const expected = `${composite}-${sent.partDigests.length}`;
      // Matching part checksums vouch for the bytes that were hashed on their way in.
      return { sha256: reported === expected ? sent.sha256 : `composite:${reported}`, size };
    }
    // An ETag is the MD5 of the object's bytes only on some stores (s3rver: always; AWS S3: not for
    // multipart or KMS-encrypted objects), so only a match counts, and anything else is read back. A match
    // is sound: the store computed it over what it holds, and the only bytes sent are the ones hashed here,
    // so differing bytes would have to collide with MD5 by accident.
    if (sent?.md5 && sent.size === size && head.ETag === `"${sent.md5}"`)
      return { sha256: sent.sha256, size };
    return hashStream(await this.openKey(key, key));
  }

  async commit(staged: StagedObject, space: ObjectSpace = 'evidence'): Promise<void> {
    const target = this.objectKey(staged.sha256, space);
    const source = `${this.bucket}/${staged.ref.split('/').map(encodeURIComponent).join('/')}`;
    if (staged.size <= MAX_SINGLE_COPY) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: source }));
    } else {
      await this.copyInParts(source, target, staged.size);
    }
    await this.deleteKey(staged.ref);
  }

  private async copyInParts(source: string, target: string, size: number): Promise<void> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: target }),
    );
    try {
      const parts: { ETag?: string; PartNumber: number }[] = [];
      for (let start = 0, number = 1; start < size; start += COPY_PART_SIZE, number += 1) {
        const end = Math.min(start + COPY_PART_SIZE, size) - 1;
        const { CopyPartResult } = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: target,
            UploadId,
            PartNumber: number,
            CopySource: source,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: CopyPartResult?.ETag, PartNumber: number });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: target,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (err) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: target, UploadId }))
        .catch(() => undefined);
      throw err;
    }
  }

  async discard(staged: StagedObject): Promise<void> {
    await this.deleteKey(staged.ref);
  }

  private async deleteKey(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async open(sha256: string, space: ObjectSpace = 'evidence'): Promise<Readable> {
    return this.openKey(this.objectKey(sha256, space), sha256);
  }

  private async openKey(key: string, name: string): Promise<Readable> {
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Body as Readable;
    } catch (err) {
      if (statusOf(err) === 404) throw new ObjectMissing(name);
      throw err;
    }
  }

  async exists(sha256: string, space: ObjectSpace = 'evidence'): Promise<boolean> {
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(sha256, space) }),
      );
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async remove(sha256: string, space: ObjectSpace): Promise<void> {
    await this.deleteKey(this.objectKey(sha256, space));
  }

  async sweepStaged(olderThan: Date): Promise<number> {
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `${this.prefix}tmp/`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && object.LastModified < olderThan) {
          await this.deleteKey(object.Key);
          removed += 1;
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  override async presignStagedUpload(
    name: string,
    expected: { sha256: string; size: number },
    expiresInSeconds: number,
  ): Promise<DirectUpload> {
    const checksum = hexToB64(expected.sha256);
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.stagedKey(name),
        ContentLength: expected.size,
        ChecksumSHA256: checksum,
      }),
      {
        expiresIn: expiresInSeconds,
        // Both are part of the signature: a body of another size or with another checksum is refused.
        signableHeaders: new Set(['content-length', 'x-amz-checksum-sha256']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    return {
      url,
      headers: [
        { name: 'Content-Length', value: String(expected.size) },
        { name: 'x-amz-checksum-sha256', value: checksum },
      ],
    };
  }

  override async inspectStaged(name: string): Promise<StagedObject | null> {
    const ref = this.stagedKey(name);
    const stored = await this.inspectKey(ref);
    return stored && { ref, ...stored };
  }
}
