import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Logger } from '@nestjs/common';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client } from '@aims/evidence';
import { AppConfig, loadConfig } from '@aims/platform';
import { createRuntime } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { LocalS3, startLocalS3 } from '../test/support/s3-server';
import { createScratchDatabase } from './scratch-database';

/**
 * P4: one large upload through the API's signed URL (streamed, hashed, staged, HEAD-checked, committed),
 * as a throughput ratio to the raw write of the same bytes on the same driver in the same run: a
 * stream-to-disk for the local driver, a plain SDK multipart upload for S3 (s3rver on 127.0.0.1), with the
 * process's RSS growth during the API upload (s3rver runs in the same process, so its memory counts too).
 * BENCH_STORAGE_MIB sets the size (default 1024).
 */
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_STORAGE_MIB ?? 1024) * MiB;
const CHUNK = 64 * 1024;

/** `SIZE` bytes as 64 KiB slices of one random pool at shifting offsets: nothing is allocated per chunk. */
function body(pool: Buffer): Readable {
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= SIZE) return this.push(null);
      const size = Math.min(CHUNK, SIZE - produced);
      const offset = (produced * 7919) % (pool.length - CHUNK);
      produced += size;
      this.push(pool.subarray(offset, offset + size));
    },
  });
}

/** The few answer fields the benchmark reads. */
type Answer = Record<string, { accessToken?: string; evidenceItem?: { id: string }; uploadUrl?: string }>;

async function graphql(
  base: string,
  token: string | null,
  query: string,
  variables: unknown,
): Promise<Answer> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data: Answer; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

// Young garbage (a fresh buffer per socket read) is collected at every sample, so RSS shows what the
// process keeps rather than how lazily V8 frees external memory (as the evidence upload test does).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;

/** Seconds to run `work`, and the peak RSS growth (MiB) sampled while it ran. */
async function measure(work: () => Promise<unknown>): Promise<{ seconds: number; rssGrowthMiB: number }> {
  gc({ type: 'major' });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    gc({ type: 'minor' });
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: (performance.now() - started) / 1000, rssGrowthMiB: (peak - before) / MiB };
}

async function apiUpload(
  config: AppConfig,
  pool: Buffer,
): Promise<{ seconds: number; rssGrowthMiB: number }> {
  const runtime = await createRuntime(config, { migrate: true, loadCatalogs: false, poolSize: 5 });
  const app = await createApiApp(runtime);
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const signUp = await graphql(
      base,
      null,
      'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }',
      {
        i: {
          email: `bench-${randomBytes(4).toString('hex')}@example.com`,
          password: 'bench-password-long',
          name: 'Bench',
          organisationName: 'Bench',
        },
      },
    );
    const token = signUp.signUp.accessToken as string;
    const created = await graphql(
      base,
      token,
      'mutation($i: CreateEvidenceInput!) { createEvidence(input: $i) { evidenceItem { id } } }',
      { i: { title: 'Large upload', kind: 'DOCUMENT' } },
    );
    const grant = await graphql(
      base,
      token,
      'mutation($i: CreateEvidenceUploadInput!) { createEvidenceUpload(input: $i) { uploadUrl } }',
      {
        i: {
          evidenceItemId: created.createEvidence.evidenceItem?.id,
          fileName: 'large.bin',
          mediaType: 'application/octet-stream',
        },
      },
    );
    const url = new URL(grant.createEvidenceUpload.uploadUrl as string);
    return await measure(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'PUT',
              path: url.pathname,
              headers: { 'content-type': 'application/octet-stream', 'content-length': SIZE },
            },
            (res) => {
              res.resume();
              res.on('end', () =>
                res.statusCode === 201 ? resolve() : reject(new Error(`upload answered ${res.statusCode}`)),
              );
            },
          );
          req.on('error', reject);
          body(pool).pipe(req);
        }),
    );
  } finally {
    await app.close();
    await runtime.close();
  }
}

function report(driver: string, raw: { seconds: number }, api: { seconds: number; rssGrowthMiB: number }) {
  const mibs = (s: number) => (SIZE / MiB / s).toFixed(0);
  console.log(
    `${driver}: ${SIZE / MiB} MiB; raw ${raw.seconds.toFixed(2)} s (${mibs(raw.seconds)} MiB/s); ` +
      `through the API ${api.seconds.toFixed(2)} s (${mibs(api.seconds)} MiB/s); ` +
      `ratio ${(raw.seconds / api.seconds).toFixed(2)} (goal ≥ 0.7); ` +
      `RSS growth ${api.rssGrowthMiB.toFixed(1)} MiB (goal < 32)`,
  );
}

export async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const scratch = await createScratchDatabase('bench_storage');
  const dir = await mkdtemp(path.join(tmpdir(), 'aims-bench-storage-'));
  let s3: LocalS3 | undefined;
  const pool = randomBytes(4 * MiB);
  const env = (extra: Record<string, string>) =>
    loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: scratch.queuePrefix,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      EVIDENCE_MAX_BYTES: String(SIZE),
      ...extra,
    });
  try {
    const rawLocal = await measure(() => pipeline(body(pool), createWriteStream(path.join(dir, 'raw'))));
    await rm(path.join(dir, 'raw'));
    const local = await apiUpload(env({ EVIDENCE_STORAGE_DIR: path.join(dir, 'evidence') }), pool);
    report('local', rawLocal, local);

    s3 = await startLocalS3('aims-bench');
    const s3Config = env({ ...s3.env, S3_PREFIX: 'bench' });
    const client = createS3Client(s3Config);
    const rawS3 = await measure(() =>
      new Upload({
        client,
        params: { Bucket: s3?.bucket, Key: 'raw/upload', Body: body(pool) },
        partSize: 5 * MiB,
        queueSize: 4,
      }).done(),
    );
    client.destroy();
    const viaApi = await apiUpload(s3Config, pool);
    report('s3 (s3rver)', rawS3, viaApi);
  } finally {
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
