import { Worker } from 'node:worker_threads';

/** What a stream's bytes hash to, computed on the digest thread. */
export interface Digests {
  sha256: string;
  /** MD5 of the whole stream (hex), when asked for. */
  md5?: string;
  /** SHA-256 of each `partSize` slice, in order; none without a part size. */
  partDigests: Buffer[];
}

export interface DigestOptions {
  /** Also compute the MD5 of the whole stream. */
  md5?: boolean;
  /** Also hash each slice of this many bytes. */
  partSize?: number;
}

/** Bytes are copied into buffers of this size and handed to the thread a buffer at a time. */
const BUFFER_BYTES = 1024 * 1024;
/** A stream that has this much waiting for the thread waits for it (memory stays bounded). */
const MAX_QUEUED_BYTES = 8 * BUFFER_BYTES;
/** Buffers kept for reuse, whatever the number of streams. */
const MAX_SPARE_BUFFERS = 16;

// Plain JavaScript, run by the thread: one set of hashes per stream id.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'start') {
    streams.set(m.id, {
      sha256: createHash('sha256'),
      md5: m.md5 ? createHash('md5') : null,
      partSize: m.partSize,
      part: m.partSize > 0 ? createHash('sha256') : null,
      partFill: 0,
      parts: [],
    });
    return;
  }
  const s = streams.get(m.id);
  if (!s) return;
  if (m.op === 'data') {
    const chunk = Buffer.from(m.buffer, 0, m.length);
    s.sha256.update(chunk);
    if (s.md5) s.md5.update(chunk);
    let offset = s.part ? 0 : chunk.length;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, s.partSize - s.partFill);
      s.part.update(chunk.subarray(offset, offset + take));
      s.partFill += take;
      offset += take;
      if (s.partFill === s.partSize) {
        s.parts.push(s.part.digest());
        s.part = createHash('sha256');
        s.partFill = 0;
      }
    }
    parentPort.postMessage({ id: m.id, op: 'ack', length: m.length, buffer: m.buffer }, [m.buffer]);
  } else if (m.op === 'end') {
    streams.delete(m.id);
    if (s.part && (s.partFill > 0 || s.parts.length === 0)) s.parts.push(s.part.digest());
    parentPort.postMessage({
      id: m.id,
      op: 'done',
      sha256: s.sha256.digest('hex'),
      md5: s.md5 ? s.md5.digest('hex') : undefined,
      parts: s.parts,
    });
  } else if (m.op === 'abort') {
    streams.delete(m.id);
  }
});
`;

interface Waiting {
  acked(length: number): void;
  done(digests: Digests): void;
  failed(err: Error): void;
}

type Reply =
  | { id: number; op: 'ack'; length: number; buffer: ArrayBuffer }
  | { id: number; op: 'done'; sha256: string; md5?: string; parts: Uint8Array[] };

/**
 * Hashes streams on a thread of their own, so that SHA-256 (and MD5) of uploads, staged packs and copied
 * evidence run beside the I/O on another core instead of on the event loop. One thread per process, started
 * on first use and holding the process open only while a stream is being hashed; a stream's bytes are copied to it a MiB at a time, and a
 * stream that gets 8 MiB ahead of it waits, and the thread hands each buffer back for reuse.
 */
class DigestThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Buffers the thread has finished with, handed back to carry more bytes (no garbage per MiB hashed). */
  private readonly spare: ArrayBuffer[] = [];

  buffer(): Buffer {
    const spare = this.spare.pop();
    return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(BUFFER_BYTES);
  }

  giveBack(buffer: Buffer): void {
    if (this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(buffer.buffer as ArrayBuffer);
  }

  open(options: DigestOptions): StreamDigest {
    const id = ++this.nextId;
    return new StreamDigest(this, id, options);
  }

  post(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): void {
    this.thread().postMessage(message, transfer);
  }

  listen(id: number, waiting: Waiting): void {
    this.waiting.set(id, waiting);
    this.thread().ref(); // a stream being hashed holds the process open, an idle thread does not
  }

  forget(id: number): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    worker.on('message', (reply: Reply) => {
      if (reply.op === 'ack' && this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(reply.buffer);
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      if (reply.op === 'ack') return waiting.acked(reply.length);
      this.forget(reply.id);
      waiting.done({
        sha256: reply.sha256,
        md5: reply.md5,
        partDigests: reply.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)),
      });
    });
    const lost = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of waiting) w.failed(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the digest thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}

const digestThread = new DigestThread();

/** The hashes of one stream, fed with `update` in order and read once with `digest`. */
export class StreamDigest {
  private buffer: Buffer;
  private fill = 0;
  private queued = 0;
  private resume: (() => void) | null = null;
  private result: Promise<Digests>;
  private failure: Error | null = null;

  constructor(
    private readonly thread: DigestThread,
    private readonly id: number,
    options: DigestOptions,
  ) {
    this.buffer = thread.buffer();
    this.result = new Promise<Digests>((resolve, reject) => {
      thread.listen(id, {
        acked: (length) => {
          this.queued -= length;
          if (this.queued <= MAX_QUEUED_BYTES && this.resume) {
            const resume = this.resume;
            this.resume = null;
            resume();
          }
        },
        done: resolve,
        failed: (err) => {
          this.failure = err;
          this.resume?.();
          reject(err);
        },
      });
    });
    this.result.catch(() => undefined); // read by digest(); a failure must not go unhandled before that
    thread.post({ op: 'start', id, md5: options.md5 === true, partSize: options.partSize ?? 0 });
  }

  /** Adds bytes; resolves at once unless the thread is more than 8 MiB behind this stream. */
  async update(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, BUFFER_BYTES - this.fill);
      chunk.copy(this.buffer, this.fill, offset, offset + take);
      this.fill += take;
      offset += take;
      if (this.fill === BUFFER_BYTES) this.send();
    }
    if (this.queued > MAX_QUEUED_BYTES && !this.failure)
      await new Promise<void>((resolve) => (this.resume = resolve));
    if (this.failure) throw this.failure;
  }

  /** The hashes of everything added. */
  digest(): Promise<Digests> {
    if (this.fill > 0) this.send(true);
    else this.release();
    this.thread.post({ op: 'end', id: this.id });
    return this.result;
  }

  /** Stops hashing (the stream failed); nothing more is sent. */
  abort(): void {
    this.thread.forget(this.id);
    this.thread.post({ op: 'abort', id: this.id });
    this.release();
    this.failure ??= new Error('the digest was aborted');
    this.resume?.();
  }

  /** Hands the unused buffer back, once. */
  private release(): void {
    if (this.buffer.length === BUFFER_BYTES) this.thread.giveBack(this.buffer);
    this.buffer = Buffer.alloc(0);
  }

  private send(last = false): void {
    const { buffer } = this.buffer;
    this.queued += this.fill;
    this.thread.post({ op: 'data', id: this.id, buffer, length: this.fill }, [buffer as ArrayBuffer]);
    this.buffer = last ? Buffer.alloc(0) : this.thread.buffer();
    this.fill = 0;
  }
}

/** Starts hashing one stream on the digest thread. */
export function streamDigest(options: DigestOptions = {}): StreamDigest {
  return digestThread.open(options);
}
