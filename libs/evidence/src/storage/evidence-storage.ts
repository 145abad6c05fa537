import { Readable } from 'node:stream';

/** A body received and hashed into the staging area; not readable by anyone until committed. */
export interface StagedObject {
  sha256: string;
  size: number;
  /** Where the storage keeps it while staged (opaque to callers). */
  readonly ref: string;
}

export class ObjectTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The body exceeds the limit of ${maxBytes} bytes`);
  }
}

export class ObjectMissing extends Error {
  constructor(readonly sha256: string) {
    super(`No stored object ${sha256}`);
  }
}

/**
 * The separate spaces objects are kept in: evidence files, and finished evidence packs (which have their
 * own retention). Both are content-addressed by SHA-256 within their space.
 */
export type ObjectSpace = 'evidence' | 'packs';

/**
 * Where evidence files live, addressed by their SHA-256. A body is first staged (streamed while hashed and
 * counted, never held whole in memory), then committed under its hash, so a partial or refused upload is
 * never visible. The local directory is the default; an S3-compatible store implements the same
 * operations (stage as a multipart upload to a temporary key, commit as a copy to the content key).
 */
export abstract class EvidenceStorage {
  /** Streams `body` to the staging area; rejects with ObjectTooLarge as soon as it passes `maxBytes`. */
  abstract stage(body: Readable, maxBytes: number): Promise<StagedObject>;

  /** Makes a staged object readable under its hash, replacing any copy already there (which repairs it). */
  abstract commit(staged: StagedObject, space?: ObjectSpace): Promise<void>;

  /** Drops a staged object that will not be committed. */
  abstract discard(staged: StagedObject): Promise<void>;

  /** The stored bytes for `sha256`, as stored: callers verify them. Rejects with ObjectMissing. */
  abstract open(sha256: string, space?: ObjectSpace): Promise<Readable>;

  abstract exists(sha256: string, space?: ObjectSpace): Promise<boolean>;

  /** Deletes a committed object (pack retention); evidence objects are never removed this way. */
  abstract remove(sha256: string, space: ObjectSpace): Promise<void>;

  /** Deletes staged objects last written before `olderThan` (abandoned uploads); returns how many. */
  abstract sweepStaged(olderThan: Date): Promise<number>;

  /** Resolves when the storage can be written to (readiness check); rejects with the reason otherwise. */
  abstract check(): Promise<void>;

  /**
   * A URL a client can PUT a body to directly, bound to its size and SHA-256, staged under `name`; null
   * when this storage only receives bodies through the API.
   */
  presignStagedUpload(
    _name: string,
    _expected: { sha256: string; size: number },
    _expiresInSeconds: number,
  ): Promise<DirectUpload | null> {
    return Promise.resolve(null);
  }

  /**
   * The body a client uploaded directly under `name`, with its size and SHA-256 as stored (confirmed by the
   * store's own checksum, or by reading the object back); null when nothing was uploaded.
   */
  inspectStaged(_name: string): Promise<StagedObject | null> {
    return Promise.resolve(null);
  }
}

/** Where and how a client uploads a body straight to the store. */
export interface DirectUpload {
  url: string;
  headers: { name: string; value: string }[];
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
