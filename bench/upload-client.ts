import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

/** `size` bytes as 64 KiB slices of one random pool at shifting offsets: nothing is allocated per chunk. */
export function body(pool: Buffer, size: number): Readable {
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= size) return this.push(null);
      const length = Math.min(CHUNK, size - produced);
      const offset = (produced * 7919) % (pool.length - CHUNK);
      produced += length;
      this.push(pool.subarray(offset, offset + length));
    },
  });
}

/** PUTs `body(pool, size)` to 127.0.0.1:`port``path`; resolves on 201. */
function put(pool: Buffer, size: number, port: number, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path,
        headers: { 'content-type': 'application/octet-stream', 'content-length': size },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`upload answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    body(pool, size).pipe(req);
  });
}

interface PutRequest {
  port: number;
  path: string;
}

/**
 * An HTTP client in a child process of its own that PUTs `size` bytes made from the pool in `poolFile`,
 * so that sending a body costs the measured process nothing, as a real client would.
 */
export async function startUploadClient(poolFile: string, size: number) {
  const child = fork(__filename, ['--upload-client', poolFile, String(size)]);
  await once(child, 'message');
  return {
    async put(port: number, path: string): Promise<void> {
      const answer = once(child, 'message');
      child.send({ port, path } satisfies PutRequest);
      const [error] = (await answer) as [string | null];
      if (error) throw new Error(error);
    },
    async close() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

// The child's side of startUploadClient: one PUT per message, answered with null or the error.
if (require.main === module && process.argv[2] === '--upload-client') {
  void readFile(process.argv[3]).then((pool) => {
    const size = Number(process.argv[4]);
    process.on('message', (message: PutRequest) => {
      put(pool, size, message.port, message.path).then(
        () => process.send?.(null),
        (err: Error) => process.send?.(err.message),
      );
    });
    process.send?.('ready');
  });
}
