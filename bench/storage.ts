import './production';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Logger } from '@nestjs/common';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client, S3_PART_SIZE, S3_QUEUE_SIZE } from '@aims/evidence';
import { AppConfig, loadConfig } from '@aims/platform';
import { createRuntime } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { LocalS3, startLocalS3Process } from '../test/support/s3-server';
import { createScratchDatabase } from './scratch-database';
import { body, startUploadClient } from './upload-client';

/**
 * P4: one large upload through the API's signed URL (streamed, hashed, staged, checked, committed), as a
 * throughput ratio to the raw write of the same bytes on the same driver in the same run: a stream to a
 * file in the same directory tree (same file system) for the local driver; for S3, a plain SDK multipart
 * upload (no checksums) with the storage's own part size and parts in flight, to s3rver on 127.0.0.1 run in
 * a child process (its CPU and memory are not the API's). The API's body is sent by an HTTP client in a
 * child process too, so that the process measured (times, RSS) holds the API alone, as a server would.
 * Raw and API uploads alternate for BENCH_STORAGE_ROUNDS rounds (default 5); the ratio is of the median
 * times, the RSS growth the largest seen during an API upload. BENCH_STORAGE_MIB sets the size (default
 * 1024), BENCH_STORAGE_DRIVER=local|s3 runs one driver (both by default).
 */
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_STORAGE_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_STORAGE_ROUNDS ?? 5);
const DRIVERS = process.env.BENCH_STORAGE_DRIVER ? [process.env.BENCH_STORAGE_DRIVER] : ['local', 's3'];

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

interface Measured {
  seconds: number;
  /** CPU time (user + system) of this process: steadier than `seconds` on a shared, loaded machine. */
  cpuSeconds: number;
  rssGrowthMiB: number;
}

/** Seconds to run `work`, this process's CPU seconds, and the peak RSS growth (MiB) sampled while it ran. */
async function measure(work: () => Promise<unknown>): Promise<Measured> {
  gc({ type: 'major' });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    gc({ type: 'minor' });
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const { user, system } = process.cpuUsage(cpu);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (user + system) / 1e6,
    rssGrowthMiB: (peak - before) / MiB,
  };
}

type UploadClient = Awaited<ReturnType<typeof startUploadClient>>;

/**
 * An API on `config` with one signed-up user; `upload()` measures one PUT of `SIZE` bytes to a new item,
 * sent by `client` from its own process.
 */
async function startApi(config: AppConfig, client: UploadClient) {
  const runtime = await createRuntime(config, { migrate: true, loadCatalogs: false, poolSize: 5 });
  const app = await createApiApp(runtime);
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

  async function upload(): Promise<Measured> {
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
    return measure(() => client.put(port, url.pathname));
  }

  return {
    upload,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Alternates raw and API uploads for ROUNDS rounds (`after` runs after each), then reports medians. */
async function compare(
  driver: string,
  raw: () => Promise<unknown>,
  api: { upload(): Promise<Measured> },
  after: () => Promise<unknown>,
): Promise<void> {
  const raws: Measured[] = [];
  const apis: Measured[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    raws.push(await measure(raw));
    apis.push(await api.upload());
    await after();
  }
  const list = (runs: Measured[], field: keyof Measured) =>
    runs.map((run) => run[field].toFixed(2)).join(', ');
  const middle = (runs: Measured[], field: keyof Measured) => median(runs.map((run) => run[field]));
  const mibs = (runs: Measured[]) => (SIZE / MiB / middle(runs, 'seconds')).toFixed(0);
  console.log(
    `${driver}: ${SIZE / MiB} MiB × ${ROUNDS}\n` +
      `  raw: ${list(raws, 'seconds')} s (median ${mibs(raws)} MiB/s); CPU ${list(raws, 'cpuSeconds')} s\n` +
      `  API: ${list(apis, 'seconds')} s (median ${mibs(apis)} MiB/s); CPU ${list(apis, 'cpuSeconds')} s; ` +
      `RSS growth ${list(apis, 'rssGrowthMiB')} MiB (goal < 32)\n` +
      `  ratio of medians ${(middle(raws, 'seconds') / middle(apis, 'seconds')).toFixed(2)} (goal ≥ 0.7); ` +
      `CPU ${(middle(raws, 'cpuSeconds') / middle(apis, 'cpuSeconds')).toFixed(2)}`,
  );
}

export async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const scratch = await createScratchDatabase('bench_storage');
  const dir = await mkdtemp(path.join(tmpdir(), 'aims-bench-storage-'));
  let s3: LocalS3 | undefined;
  let uploader: UploadClient | undefined;
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
    await writeFile(path.join(dir, 'pool'), pool);
    uploader = await startUploadClient(path.join(dir, 'pool'), SIZE);
    if (DRIVERS.includes('local')) {
      const evidenceDir = path.join(dir, 'evidence');
      const api = await startApi(env({ EVIDENCE_STORAGE_DIR: evidenceDir }), uploader);
      try {
        // Both files are deleted after each round, so neither upload waits for the other's write-back.
        await compare(
          'local',
          () => pipeline(body(pool, SIZE), createWriteStream(path.join(dir, 'raw'))),
          api,
          () =>
            Promise.all([
              rm(path.join(dir, 'raw')),
              rm(path.join(evidenceDir, 'sha256'), { recursive: true, force: true }),
            ]),
        );
      } finally {
        await api.close();
      }
    }

    if (DRIVERS.includes('s3')) {
      s3 = await startLocalS3Process('aims-bench');
      const s3Config = env({ ...s3.env, S3_PREFIX: 'bench' });
      const client = createS3Client(s3Config);
      const api = await startApi(s3Config, uploader);
      try {
        await compare(
          's3 (s3rver)',
          () =>
            new Upload({
              client,
              params: { Bucket: s3?.bucket, Key: 'raw/upload', Body: body(pool, SIZE) },
              partSize: S3_PART_SIZE,
              queueSize: S3_QUEUE_SIZE,
            }).done(),
          api,
          () => Promise.resolve(),
        );
      } finally {
        client.destroy();
        await api.close();
      }
    }
  } finally {
    await uploader?.close();
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
