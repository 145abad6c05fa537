import './production';
import { execFileSync, fork } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { nodeFlagsOf } from './node-flags';
import { LocalEvidenceStorage } from '../libs/evidence/src/storage/local-evidence-storage';
import {
  oscalSchemaErrors,
  PackContent,
  PackEvidenceFile,
  PackSigner,
  verifyPack,
  writePack,
} from '../libs/exports/src/pack';

/**
 * P5: an evidence pack of N files totalling S bytes (default 10,000 files, 1 GiB; override with
 * BENCH_PACK_FILES / BENCH_PACK_MIB or `--files N --bytes S`), written from a temporary directory
 * (BENCH_PACK_DIR, default the system's).
 * The pack is written by a child process that does nothing else, with the worker's Node flags (those of
 * `npm run start:worker`), the way the export job does it: the ZIP streams into the local storage's
 * staging area (which hashes it) and is committed under its hash.
 * The peak RSS is that process's high-water mark from the kernel (`maxRSS`, over its whole life: modules,
 * content, writing; goal < 256 MiB), not a sample. The seeding and the baseline run in the parent, so
 * their memory is not counted. Prints the throughput as a ratio to `zip -0 -r` of the same files on the
 * same disk in the same run (goal ≥ 0.6; without `zip`, to a plain sequential read-and-write copy) and the
 * time to verify the pack offline. No database is needed.
 */
export interface PackBenchOptions {
  files: number;
  bytes: number;
  dir?: string;
}

export interface PackBenchFigures {
  files: number;
  bytes: number;
  packSeconds: number;
  /** CPU time of the writing process while writing (user + system): steadier than wall time on a shared machine. */
  packCpuSeconds: number;
  packBytes: number;
  baseline: 'zip -0 -r' | 'sequential copy';
  baselineSeconds: number;
  ratio: number;
  /** High-water mark of the writing process's RSS over its whole life. */
  peakRssMiB: number;
  /** Its RSS once modules, content and schemas were loaded, before writing. */
  rssBeforeMiB: number;
  verifySeconds: number;
}

/** What the writing process reports back. */
interface ChildFigures {
  packSeconds: number;
  packCpuSeconds: number;
  packBytes: number;
  packSha256: string;
  peakRssMiB: number;
  rssBeforeMiB: number;
}

/** One seeded evidence file, as the parent hands it to the writing process. */
interface SeededFile {
  path: string;
  ref: string;
  size: number;
  sha256: string;
}

const MiB = 1024 * 1024;
const CHILD_FLAG = '--pack-bench-child';

export async function benchPack(options: PackBenchOptions): Promise<PackBenchFigures> {
  const root = await mkdtemp(join(options.dir ?? tmpdir(), 'aims-pack-bench-'));
  try {
    const seeded = await seedEvidence(root, options.files, options.bytes);
    const seededPath = join(root, 'seeded.json');
    await writeFile(seededPath, JSON.stringify(seeded));

    const zipAvailable = hasZip();
    const baselineStart = performance.now();
    if (zipAvailable)
      execFileSync('zip', ['-0', '-r', '-q', join(root, 'baseline.zip'), 'evidence'], { cwd: root });
    else await sequentialCopy(benchContent(seeded).evidence, join(root, 'baseline.bin'));
    const baselineSeconds = (performance.now() - baselineStart) / 1000;

    const signer = benchSigner();
    const child = await writeInChild(seededPath, join(root, 'store'), signer.privateKeyPem);
    const storage = new LocalEvidenceStorage(join(root, 'store'));
    const packPath = storage.objectPath(child.packSha256, 'packs');

    const verifyStart = performance.now();
    const verification = await verifyPack(packPath, { publicKeyPem: signer.publicKeyPem });
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    if (!verification.valid)
      throw new Error(`the benchmark pack does not verify: ${verification.firstFailure}`);

    return {
      files: options.files,
      bytes: options.bytes,
      packSeconds: child.packSeconds,
      packCpuSeconds: child.packCpuSeconds,
      packBytes: child.packBytes,
      baseline: zipAvailable ? 'zip -0 -r' : 'sequential copy',
      baselineSeconds,
      ratio: baselineSeconds / child.packSeconds,
      peakRssMiB: child.peakRssMiB,
      rssBeforeMiB: child.rssBeforeMiB,
      verifySeconds,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs this file again as the writing process, with the Node options of this one, and waits for its figures. */
function writeInChild(seededPath: string, storeDir: string, privateKeyPem: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    let figures: ChildFigures | null = null;
    const child = fork(__filename, [CHILD_FLAG, seededPath, storeDir], {
      stdio: 'inherit',
      execArgv: [...process.execArgv, ...nodeFlagsOf('start:worker')],
    });
    child.on('message', (message: ChildFigures) => (figures = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && figures ? resolve(figures) : reject(new Error(`the writing process exited with ${code}`)),
    );
    child.send({ privateKeyPem });
  });
}

/** The writing process: the export job's hand-off (writer → staging → commit) and nothing else. */
async function childMain(seededPath: string, storeDir: string): Promise<void> {
  const { privateKeyPem } = await new Promise<{ privateKeyPem: string }>((resolve) =>
    process.once('message', resolve),
  );
  const content = benchContent(JSON.parse(await readFile(seededPath, 'utf8')) as SeededFile[]);
  const signer = signerFrom(privateKeyPem);
  const storage = new LocalEvidenceStorage(storeDir);
  // A running worker compiles the OSCAL schemas once; do it before the clock starts.
  oscalSchemaErrors({});
  const rssBefore = process.memoryUsage().rss;

  const packStart = performance.now();
  const cpuStart = process.cpuUsage();
  const body = new PassThrough();
  const staging = storage.stage(body, 1024 ** 4);
  staging.catch((err: Error) => body.destroy(err));
  const written = await writePack(content, signer, body);
  const staged = await staging;
  await storage.commit(staged, 'packs');
  const packSeconds = (performance.now() - packStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (staged.size !== written.size)
    throw new Error(`the storage received ${staged.size} bytes, the writer wrote ${written.size}`);

  const figures: ChildFigures = {
    packSeconds,
    packCpuSeconds: (cpu.user + cpu.system) / 1e6,
    packBytes: staged.size,
    packSha256: staged.sha256,
    // maxRSS is in KiB.
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    rssBeforeMiB: rssBefore / MiB,
  };
  await new Promise<void>((resolve, reject) =>
    process.send?.(figures, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

export function printPackBench(f: PackBenchFigures, print: (line: string) => void): void {
  const mbps = (seconds: number) => (f.bytes / MiB / seconds).toFixed(0);
  print(`P5 evidence pack: ${f.files} files, ${(f.bytes / MiB).toFixed(0)} MiB of evidence`);
  print(
    `write and stage: ${f.packSeconds.toFixed(2)} s (${mbps(f.packSeconds)} MiB/s, ${f.packCpuSeconds.toFixed(2)} s CPU), pack ${(f.packBytes / MiB).toFixed(0)} MiB`,
  );
  print(`baseline ${f.baseline}: ${f.baselineSeconds.toFixed(2)} s (${mbps(f.baselineSeconds)} MiB/s)`);
  print(`throughput ratio pack ÷ baseline: ${f.ratio.toFixed(2)} (goal ≥ 0.6)`);
  print(
    `peak RSS of the writing process: ${f.peakRssMiB.toFixed(0)} MiB (before writing: ${f.rssBeforeMiB.toFixed(0)} MiB; goal < 256 MiB)`,
  );
  print(`offline verification: ${f.verifySeconds.toFixed(2)} s`);
}

function hasZip(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The baseline when `zip` is absent: every file read and appended to one output, in order. */
async function sequentialCopy(files: PackEvidenceFile[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const f of files) {
    for await (const chunk of await f.open()) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

function benchSigner(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function signerFrom(privateKeyPem: string): PackSigner {
  const privateKey = createPrivateKey(privateKeyPem);
  return {
    keyId: 'bench',
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    sign: (bytes) => sign(null, bytes, privateKey),
  };
}

/** N incompressible files under `root/evidence/<ref>/`, sizes varying ±50% around S/N. */
async function seedEvidence(root: string, files: number, bytes: number): Promise<SeededFile[]> {
  const pool = randomBytes(8 * MiB);
  const mean = Math.floor(bytes / files);
  const seeded: SeededFile[] = [];
  let remaining = bytes;
  for (let i = 0; i < files; i++) {
    const size =
      i === files - 1
        ? remaining
        : Math.min(remaining, Math.floor(mean * (0.5 + ((i * 7919) % 1000) / 1000)));
    remaining -= size;
    const ref = REFS[i % REFS.length];
    const dir = join(root, 'evidence', ref);
    if (i < REFS.length) await mkdir(dir, { recursive: true });
    const path = join(dir, `file-${i}.bin`);
    const data = Buffer.alloc(size);
    for (let off = 0, start = (i * 4099) % MiB; off < size; start = 0) off += pool.copy(data, off, start);
    data.writeUInt32LE(i, 0);
    await writeFile(path, data);
    seeded.push({ path, ref, size, sha256: createHash('sha256').update(data).digest('hex') });
  }
  return seeded;
}

const REFS = Array.from({ length: 40 }, (_, i) => `A.${1 + (i % 10)}.${1 + Math.floor(i / 10)}`);

/** The content of a pack holding the seeded files, each opened from its path. */
export function benchContent(seeded: SeededFile[]): PackContent {
  const evidence: PackEvidenceFile[] = seeded.map(({ path, ref, size, sha256 }, i) => ({
    itemId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    title: `Evidence ${i}`,
    kind: 'DOCUMENT',
    status: 'ACCEPTED',
    version: 1,
    sha256,
    size,
    mediaType: 'application/octet-stream',
    originalName: `file-${i}.bin`,
    uploadedAt: '2026-01-01T00:00:00.000Z',
    validFrom: null,
    validUntil: null,
    reviewerName: 'Reviewer',
    reviewedAt: '2026-01-02T00:00:00.000Z',
    requirementUrns: [`urn:aims:req:iso-iec-42001-2023:${ref}`],
    primaryRequirementRef: ref,
    // `end` bounds each read to what is left of the file, so a small file does not allocate a whole chunk.
    open: async () => createReadStream(path, { highWaterMark: MiB, end: Math.max(0, size - 1) }),
  }));
  const org = '0b6c1a52-8f1e-4d47-9a3c-6f2d1e0a4b11';
  return {
    packId: '7d1f4c2e-3b5a-5e6f-8a9b-0c1d2e3f4a5b',
    organisation: { id: org, name: 'Bench org' },
    scope: {
      cycleId: org,
      frameworkUrns: ['urn:aims:framework:iso-iec-42001:2023'],
      periodStart: '2026-01-01T00:00:00.000Z',
      periodEnd: '2026-12-31T00:00:00.000Z',
      asOf: '2026-06-30T00:00:00.000Z',
      includeEvidenceFiles: true,
    },
    generator: { name: 'aims', version: 'bench' },
    cycle: {
      id: org,
      name: 'Bench cycle',
      phase: 'DO',
      periodStart: '2026-01-01T00:00:00.000Z',
      periodEnd: '2026-12-31T00:00:00.000Z',
      scopeStatement: null,
      aiSystems: [],
    },
    coverage: [
      {
        frameworkUrn: 'urn:aims:framework:iso-iec-42001:2023',
        frameworkName: 'ISO/IEC 42001:2023',
        version: '2023',
        counts: { full: REFS.length, partial: 0, none: 0, notApplicable: 0 },
        requirements: REFS.map((ref) => ({
          urn: `urn:aims:req:iso-iec-42001-2023:${ref}`,
          refId: ref,
          title: `Control ${ref}`,
          status: 'FULL' as const,
          reason: 'accepted evidence',
          justificationPath: [],
          evidenceItemIds: evidence.filter((e) => e.primaryRequirementRef === ref).map((e) => e.itemId),
        })),
      },
    ],
    checklist: [],
    soa: REFS.map((ref) => ({
      controlUrn: `urn:aims:req:iso-iec-42001-2023:${ref}`,
      refId: ref,
      title: `Control ${ref}`,
      applicable: true,
      justification: null,
      implementationStatus: 'IMPLEMENTED',
      evidenceItemIds: [],
      riskIds: [],
    })),
    riskCriteria: {
      likelihoodLabels: ['1', '2', '3'],
      consequenceLabels: ['1', '2', '3'],
      levelLabels: ['Low', 'Medium', 'High'],
      grid: [
        [0, 0, 1],
        [0, 1, 2],
        [1, 2, 2],
      ],
      appetiteLevel: 1,
    },
    risks: [],
    internalAudits: [],
    nonconformities: [],
    managementReviews: [],
    evidence,
    mappingSets: [],
    auditEvents: async function* () {},
    auditChainStart: { seq: 1, prevHash: '0'.repeat(64) },
  };
}

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

function optionsFromEnv(): PackBenchOptions {
  const mib = process.env.BENCH_PACK_MIB;
  return {
    files: option('files', process.env.BENCH_PACK_FILES, 10_000),
    bytes: option('bytes', mib === undefined ? undefined : String(Number(mib) * MiB), 1024 * MiB),
    dir: process.env.BENCH_PACK_DIR,
  };
}

/** P5 as `npm run bench` runs it: sizes from the environment, figures printed. */
export async function run(): Promise<void> {
  printPackBench(await benchPack(optionsFromEnv()), (line) => console.log(line));
}

if (require.main === module && process.argv[2] === CHILD_FLAG) {
  childMain(process.argv[3], process.argv[4]).then(
    () => process.disconnect?.(),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else if (require.main === module) {
  run().then(
    () => undefined,
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
