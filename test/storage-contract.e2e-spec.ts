import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { text } from 'node:stream/consumers';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  createS3Client,
  EvidenceStorage,
  hashStream,
  IntegrityMismatch,
  LocalEvidenceStorage,
  ObjectMissing,
  ObjectTooLarge,
  S3EvidenceStorage,
  verifyingStream,
} from '@aims/evidence';
import { loadConfig } from '@aims/platform';
import { LocalS3, startLocalS3 } from './support/s3-server';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** What the contract needs to see behind a driver's back: its committed and staged objects, raw. */
interface Driver {
  storage: EvidenceStorage;
  committed(): Promise<string[]>;
  staged(): Promise<string[]>;
  overwrite(sha256: string, body: Buffer): Promise<void>;
  delete(sha256: string): Promise<void>;
  /** Makes every staged object look `hours` old. */
  age(hours: number): Promise<void>;
  close(): Promise<void>;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}

async function localDriver(): Promise<Driver> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aims-contract-'));
  const storage = new LocalEvidenceStorage(dir);
  return {
    storage,
    committed: () => walk(path.join(dir, 'sha256')),
    staged: () => walk(path.join(dir, 'tmp')),
    async overwrite(sha256, body) {
      await chmod(storage.objectPath(sha256), 0o640);
      await writeFile(storage.objectPath(sha256), body);
    },
    delete: (sha256) => rm(storage.objectPath(sha256)),
    async age(hours) {
      const then = new Date(Date.now() - hours * 3600_000);
      for (const file of await walk(path.join(dir, 'tmp'))) await utimes(file, then, then);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** s3rver keeps LastModified in its metadata; staged objects are aged by moving the cut-off instead. */
let s3Skew = 0;

async function s3Driver(server: LocalS3): Promise<Driver> {
  const prefix = `contract-${Math.random().toString(36).slice(2)}/`;
  const client: S3Client = createS3Client(loadConfig({ ...server.env, S3_PREFIX: prefix }));
  const storage = new S3EvidenceStorage({ client, bucket: server.bucket, prefix });
  const list = async (under: string) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: server.bucket, Prefix: under, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  };
  return {
    storage,
    committed: () => list(`${prefix}sha256/`),
    staged: () => list(`${prefix}tmp/`),
    overwrite: async (sha256, body) => {
      await client.send(
        new PutObjectCommand({ Bucket: server.bucket, Key: storage.objectKey(sha256), Body: body }),
      );
    },
    delete: async (sha256) => {
      await client.send(new DeleteObjectCommand({ Bucket: server.bucket, Key: storage.objectKey(sha256) }));
    },
    async age(hours) {
      s3Skew = hours * 3600_000;
    },
    close: async () => client.destroy(),
  };
}

/** `size` bytes made on the fly, one MiB at a time, each chunk distinct; never held whole. */
function generated(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const chunk = Buffer.alloc(Math.min(1024 * 1024, size - sent), sent % 251);
      chunk.writeUInt32BE(sent / (1024 * 1024), 0);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

let server: LocalS3;
beforeAll(async () => {
  server = await startLocalS3();
});
afterAll(() => server.close());

describe.each([
  ['local directory', () => localDriver()],
  ['S3 (s3rver)', () => s3Driver(server)],
])('EvidenceStorage contract: %s', (_name, make) => {
  let driver: Driver;
  let storage: EvidenceStorage;
  beforeEach(async () => {
    s3Skew = 0;
    driver = await make();
    storage = driver.storage;
  });
  afterEach(() => driver.close());

  const put = async (body: string | Buffer) => {
    const staged = await storage.stage(Readable.from([Buffer.from(body)]), 10 * 1024 * 1024);
    await storage.commit(staged);
    return staged;
  };

  it('streams a body in, and out again under its SHA-256 only once committed', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('evidence '), Buffer.from('body')]), 1000);
    expect(staged).toMatchObject({ sha256: sha('evidence body'), size: 13 });
    expect(await storage.exists(staged.sha256)).toBe(false);
    await storage.commit(staged);
    expect(await storage.exists(staged.sha256)).toBe(true);
    expect(await text(await storage.open(staged.sha256))).toBe('evidence body');
    expect(await driver.staged()).toEqual([]);
  });

  it('addresses content by its hash, with packs in a space of their own', async () => {
    const staged = await put('addressed');
    expect((await driver.committed()).map((k) => path.basename(k))).toEqual([sha('addressed')]);
    const pack = await storage.stage(Readable.from([Buffer.from('addressed')]), 100);
    await storage.commit(pack, 'packs');
    expect(await storage.exists(staged.sha256, 'packs')).toBe(true);
    await storage.remove(staged.sha256, 'packs');
    expect(await storage.exists(staged.sha256, 'packs')).toBe(false);
    expect(await storage.exists(staged.sha256)).toBe(true);
  });

  it('stores duplicate content once', async () => {
    await put('twice');
    await put('twice');
    await put('other');
    expect((await driver.committed()).map((k) => path.basename(k)).sort()).toEqual(
      [sha('twice'), sha('other')].sort(),
    );
  });

  it('lets a reader detect an object that no longer matches its hash', async () => {
    const staged = await put('original bytes');
    await driver.overwrite(staged.sha256, Buffer.from('tampered bytes'));
    expect(await hashStream(await storage.open(staged.sha256))).toEqual({
      sha256: sha('tampered bytes'),
      size: 14,
    });
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await expect(
      pipeline(await storage.open(staged.sha256), verifyingStream(staged), sink),
    ).rejects.toBeInstanceOf(IntegrityMismatch);
  });

  it('reports a missing object', async () => {
    const staged = await put('short-lived');
    await driver.delete(staged.sha256);
    expect(await storage.exists(staged.sha256)).toBe(false);
    await expect(storage.open(staged.sha256)).rejects.toBeInstanceOf(ObjectMissing);
    await expect(storage.open(sha('never stored'))).rejects.toBeInstanceOf(ObjectMissing);
  });

  it('refuses a body past the limit and leaves nothing staged', async () => {
    await expect(storage.stage(generated(3 * 1024 * 1024), 2 * 1024 * 1024)).rejects.toBeInstanceOf(
      ObjectTooLarge,
    );
    expect(await driver.staged()).toEqual([]);
    expect(await driver.committed()).toEqual([]);
  });

  it('leaves nothing staged when the body fails midway', async () => {
    const body = new Readable({ read() {} });
    const pending = storage.stage(body, 1000);
    body.push(Buffer.from('partial'));
    body.destroy(new Error('client went away'));
    await expect(pending).rejects.toThrow();
    expect(await driver.staged()).toEqual([]);
  });

  it('sweeps abandoned staged objects older than the cut-off, and only those', async () => {
    await storage.stage(Readable.from([Buffer.from('abandoned')]), 100);
    expect(await storage.sweepStaged(new Date(Date.now() - 3600_000))).toBe(0);
    await driver.age(25);
    expect(await storage.sweepStaged(new Date(Date.now() + s3Skew - 24 * 3600_000))).toBe(1);
    expect(await driver.staged()).toEqual([]);
  });

  it('answers the readiness check', async () => {
    await expect(storage.check()).resolves.toBeUndefined();
  });

  it('streams a 200 MiB object in and out with flat memory', async () => {
    const size = 200 * 1024 * 1024;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const staged = await storage.stage(generated(size), size);
      expect(staged.size).toBe(size);
      await storage.commit(staged);
      expect(await hashStream(await storage.open(staged.sha256))).toEqual({
        sha256: staged.sha256,
        size,
      });
    } finally {
      clearInterval(sampler);
    }
    // A buffered object would add 200 MiB; streaming holds a few parts at most.
    expect((peak - before) / 1024 / 1024).toBeLessThan(96);
  });
});

describe('S3 staging proves what the store holds (s3rver reports no checksums)', () => {
  const size = 12 * 1024 * 1024; // three parts of 5, 5 and 2 MiB
  let client: S3Client;
  let storage: S3EvidenceStorage;
  let prefix: string;
  let reads: number;
  /** Flips one byte of the given part on its way to the store, after it was hashed and signed. */
  let corruptPart: number | null;
  beforeEach(() => {
    prefix = `proof-${Math.random().toString(36).slice(2)}/`;
    client = createS3Client(loadConfig({ ...server.env, S3_PREFIX: prefix }));
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const request = args.request as { query?: Record<string, string>; body?: unknown };
        if (context.commandName === 'GetObjectCommand') reads += 1;
        if (
          context.commandName === 'UploadPartCommand' &&
          Number(request.query?.partNumber) === corruptPart &&
          request.body instanceof Uint8Array
        ) {
          const altered = Buffer.from(request.body);
          altered[0] ^= 0xff;
          request.body = altered;
        }
        return next(args);
      },
      { step: 'deserialize', name: 'proofProbe' },
    );
    storage = new S3EvidenceStorage({ client, bucket: server.bucket, prefix });
    reads = 0;
    corruptPart = null;
  });
  afterEach(() => client.destroy());

  const expected = async () => hashStream(generated(size));

  it('confirms a multipart body by its ETag, the MD5 of the bytes sent, without reading it back', async () => {
    // The first upload learns that the store reports no checksums; the second sends none and only hashes MD5.
    for (let round = 0; round < 2; round += 1) {
      const staged = await storage.stage(generated(size), size);
      expect(staged).toMatchObject(await expected());
      await storage.discard(staged);
    }
    expect(reads).toBe(0);
  });

  it('refuses, after reading it back, a body the store holds otherwise than it was sent', async () => {
    corruptPart = 2;
    await expect(storage.stage(generated(size), size)).rejects.toThrow('the store holds other bytes');
    expect(reads).toBe(1);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
    expect(listed.Contents ?? []).toEqual([]);
  });
});

describe('S3 staging in parts', () => {
  const partSize = 10;
  const queueSize = 2;
  const whole = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
  let client: S3Client;
  let storage: S3EvidenceStorage;
  let prefix: string;
  /** The requests sent, in order of sending. */
  let sent: { command: string; partNumber?: number; uploadId?: string; body: Buffer; checksum?: string }[];
  let inFlight: number;
  let mostInFlight: number;
  /** Refuses this part on its way to the store. */
  let refusePart: number | null;
  /** Settles once the first part is on its way. */
  let partSent: Promise<void>;
  let onPartSent: () => void;
  beforeEach(() => {
    prefix = `parts-${Math.random().toString(36).slice(2)}/`;
    client = createS3Client(loadConfig({ ...server.env, S3_PREFIX: prefix }));
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const request = args.request as {
          query?: Record<string, string>;
          headers: Record<string, string>;
          body?: unknown;
        };
        const partNumber = request.query?.partNumber ? Number(request.query.partNumber) : undefined;
        sent.push({
          command: context.commandName as string,
          partNumber,
          uploadId: request.query?.uploadId,
          body: request.body instanceof Uint8Array ? Buffer.from(request.body) : Buffer.alloc(0),
          checksum: request.headers['x-amz-checksum-sha256'],
        });
        if (context.commandName === 'UploadPartCommand') onPartSent();
        if (context.commandName === 'UploadPartCommand' && partNumber === refusePart) {
          throw new Error(`part ${partNumber} refused`);
        }
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight -= 1;
        }
      },
      { step: 'deserialize', name: 'partsProbe' },
    );
    storage = new S3EvidenceStorage({ client, bucket: server.bucket, prefix, partSize, queueSize });
    sent = [];
    inFlight = 0;
    mostInFlight = 0;
    refusePart = null;
    partSent = new Promise((resolve) => (onPartSent = resolve));
  });
  afterEach(() => client.destroy());

  const commands = () => sent.map((request) => request.command);
  const staged = async () =>
    (await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: `${prefix}tmp/` })))
      .Contents ?? [];

  it.each([
    ['in one chunk', [whole]],
    ['in chunks spanning parts', [whole.subarray(0, 3), whole.subarray(3, 27), whole.subarray(27)]],
    ['one byte at a time', [...whole].map((b) => Buffer.from([b]))],
  ])('sends a body larger than a part as parts with their checksums, %s', async (_case, chunks) => {
    const object = await storage.stage(Readable.from(chunks), 1000);
    expect(object).toMatchObject({ sha256: sha(whole), size: whole.length });
    const parts = sent.filter((request) => request.command === 'UploadPartCommand');
    expect(parts.map((part) => part.partNumber).sort()).toEqual([1, 2, 3, 4]);
    parts.sort((a, b) => (a.partNumber as number) - (b.partNumber as number));
    expect(Buffer.concat(parts.map((part) => part.body))).toEqual(whole);
    expect(parts.map((part) => part.body.length)).toEqual([10, 10, 10, 6]);
    for (const part of parts) {
      expect(part.checksum).toBe(createHash('sha256').update(part.body).digest('base64'));
    }
    expect(commands()).toContain('CompleteMultipartUploadCommand');
    await storage.commit(object);
    expect(await text(await storage.open(object.sha256))).toBe(whole.toString());
  });

  it('keeps at most queueSize parts in flight', async () => {
    const body = Buffer.alloc(20 * partSize, 7);
    const object = await storage.stage(Readable.from([body]), 1000);
    expect(object).toMatchObject({ sha256: sha(body), size: body.length });
    expect(sent.filter((request) => request.command === 'UploadPartCommand')).toHaveLength(20);
    expect(mostInFlight).toBeLessThanOrEqual(queueSize);
  });

  it.each([
    ['exactly one part', whole.subarray(0, partSize)],
    ['less than one part', whole.subarray(0, 4)],
    ['an empty body', Buffer.alloc(0)],
  ])('sends %s as one PutObject', async (_case, body) => {
    const object = await storage.stage(Readable.from([body]), 1000);
    expect(object).toMatchObject({ sha256: sha(body), size: body.length });
    expect(
      commands().filter((command) => command.endsWith('ObjectCommand') && command !== 'HeadObjectCommand'),
    ).toEqual(['PutObjectCommand']);
    expect(commands()).not.toContain('CreateMultipartUploadCommand');
    expect(sent[0].checksum).toBe(createHash('sha256').update(body).digest('base64'));
    await storage.commit(object);
    expect(await text(await storage.open(object.sha256))).toBe(body.toString());
  });

  // s3rver lists no multipart uploads (ListMultipartUploads is not implemented), so the abort is seen sent.
  const abortedUploads = () => {
    const created = sent.filter((request) => request.command === 'UploadPartCommand')[0]?.uploadId;
    const aborts = sent.filter((request) => request.command === 'AbortMultipartUploadCommand');
    return { created, aborted: aborts.map((request) => request.uploadId) };
  };

  it('aborts the upload and leaves nothing staged when the body fails midway', async () => {
    const body = new Readable({ read() {} });
    const pending = storage.stage(body, 1000);
    body.push(whole.subarray(0, 25));
    await partSent;
    body.destroy(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    const { created, aborted } = abortedUploads();
    expect(created).toBeDefined();
    expect(aborted).toEqual([created]);
    expect(await staged()).toEqual([]);
  });

  it('aborts the upload and leaves nothing staged when the store refuses a part', async () => {
    refusePart = 2;
    await expect(storage.stage(Readable.from([whole]), 1000)).rejects.toThrow('part 2 refused');
    const { created, aborted } = abortedUploads();
    expect(created).toBeDefined();
    expect(aborted).toEqual([created]);
    expect(commands()).not.toContain('CompleteMultipartUploadCommand');
    expect(await staged()).toEqual([]);
  });

  it('refuses a body past the limit with ObjectTooLarge after sending parts, and leaves nothing staged', async () => {
    async function* body() {
      yield whole;
      await partSent;
      yield whole;
    }
    await expect(storage.stage(Readable.from(body()), 50)).rejects.toBeInstanceOf(ObjectTooLarge);
    const { created, aborted } = abortedUploads();
    expect(created).toBeDefined();
    expect(aborted).toEqual([created]);
    expect(await staged()).toEqual([]);
  });
});
