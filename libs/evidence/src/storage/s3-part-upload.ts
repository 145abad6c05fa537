import { createHash, Hash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

export interface PartUploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  /** Bytes per part; a body of at most this many is sent as one PutObject. */
  partSize: number;
  /** Parts sent at once. */
  queueSize: number;
  /** Whether every part carries its SHA-256 for the store to verify. */
  checksums: boolean;
}

/**
 * Uploads `body` to `target.key` in parts of `partSize` bytes, `queueSize` of them in flight, through a
 * fixed set of `queueSize + 1` part buffers that are reused once their part has been sent: memory stays at
 * that set however large the body, where a fresh buffer per part would wait for a major collection. The
 * buffers come from `allocUnsafeSlow`, so they are not slices of the shared pool and their pages are only
 * touched as far as they are filled. Reading stops while every buffer is in flight. A body that fits in one
 * part is sent by one PutObject. Returns the SHA-256 of each part in order (none without checksums). A
 * failed upload sends nothing more, waits for the parts in flight, aborts its multipart upload and throws
 * the first error; the caller drops whatever else the store kept.
 */
export async function uploadInParts(
  body: AsyncIterable<Buffer>,
  target: PartUploadTarget,
): Promise<Buffer[]> {
  const { client, bucket, key, partSize, queueSize, checksums } = target;
  const free: Buffer[] = [];
  let current: Buffer = Buffer.allocUnsafeSlow(partSize);
  let fill = 0;
  let partHash: Hash | null = checksums ? createHash('sha256') : null;
  const partDigests: Buffer[] = [];
  const parts: CompletedPart[] = [];
  const sending = new Set<Promise<void>>();
  let failed: { error: unknown } | undefined;
  let uploadId: string | undefined;
  let partNumber = 0;

  /** The SHA-256 of the part just filled (recorded in `partDigests`), base64 as S3 wants it. */
  const digestPart = (): string | undefined => {
    if (!partHash) return undefined;
    const digest = partHash.digest();
    partDigests.push(digest);
    partHash = createHash('sha256');
    return digest.toString('base64');
  };

  /** Waits until at most `most` parts are in flight; throws if a part failed. */
  const awaitRoom = async (most: number) => {
    while (sending.size > most) await Promise.race(sending);
    if (failed) throw failed.error;
  };

  /**
   * Sends the filled buffer as the next part once fewer than `queueSize` are in flight, without waiting for
   * it to be sent; the buffer is free again once it is.
   */
  const sendPart = async () => {
    await awaitRoom(queueSize - 1);
    if (uploadId === undefined) {
      const created = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ChecksumAlgorithm: checksums ? 'SHA256' : undefined,
        }),
      );
      uploadId = created.UploadId;
    }
    const buffer = current;
    const PartNumber = ++partNumber;
    const ChecksumSHA256 = digestPart();
    const sent: Promise<void> = client
      .send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber,
          Body: buffer.subarray(0, fill),
          ChecksumSHA256,
        }),
      )
      .then(
        ({ ETag }) => {
          parts.push({ ETag, PartNumber, ChecksumSHA256 });
          free.push(buffer);
        },
        (error: unknown) => {
          failed ??= { error };
        },
      )
      .finally(() => sending.delete(sent));
    sending.add(sent);
  };

  try {
    for await (const chunk of body) {
      let offset = 0;
      while (offset < chunk.length) {
        // A full part is sent only once more bytes come, so a body of exactly one part stays one PutObject.
        if (fill === partSize) {
          await sendPart();
          // At most queueSize parts are in flight now, so this allocates the last of queueSize + 1 at most.
          current = free.pop() ?? Buffer.allocUnsafeSlow(partSize);
          fill = 0;
        }
        const copied = chunk.copy(current, fill, offset, Math.min(chunk.length, offset + partSize - fill));
        partHash?.update(chunk.subarray(offset, offset + copied));
        fill += copied;
        offset += copied;
      }
    }
    if (uploadId === undefined) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: current.subarray(0, fill),
          ChecksumSHA256: digestPart(),
        }),
      );
      return partDigests;
    }
    await sendPart();
    await awaitRoom(0);
    parts.sort((a, b) => (a.PartNumber as number) - (b.PartNumber as number));
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return partDigests;
  } catch (err) {
    // Parts still in flight finish (or fail) first, so that none lands after the abort.
    await Promise.all(sending);
    if (uploadId !== undefined) {
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => undefined);
    }
    throw err;
  }
}
