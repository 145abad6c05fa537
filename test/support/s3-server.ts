import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// s3rver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** STORAGE_DRIVER=s3 settings pointing at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What the server started in a child process reports to its parent. */
type Started = Pick<LocalS3, 'endpoint' | 'bucket' | 'env'>;

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1, on a free port, keeping its objects in a temporary
 * directory that is removed on close. `bucket` exists from the start.
 */
export async function startLocalS3(bucket = 'aims-evidence'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'aims-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: bucket,
      S3_FORCE_PATH_STYLE: 'true',
      // s3rver's fixed credentials.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The same server in a child process of its own, so that its CPU and memory are not the caller's (the
 * benchmarks measure the API's memory). Runs this module compiled (`dist/`): plain node forks it.
 */
export async function startLocalS3Process(bucket = 'aims-evidence'): Promise<LocalS3> {
  const child = fork(__filename, ['--serve-s3', bucket], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const [started] = (await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => Promise.reject(new Error(`s3rver exited with ${code} before it started`))),
  ])) as [Started];
  return {
    ...started,
    async close() {
      child.send('close');
      await exited;
    },
  };
}

// The child's side of startLocalS3Process: serves until its parent says "close" (or goes away).
if (require.main === module && process.argv[2] === '--serve-s3' && process.send) {
  void startLocalS3(process.argv[3]).then((server) => {
    const { endpoint, bucket, env } = server;
    process.send?.({ endpoint, bucket, env } satisfies Started);
    const stop = () => void server.close().finally(() => process.exit(0));
    process.once('message', stop);
    process.once('disconnect', stop);
  });
}
