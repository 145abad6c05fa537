import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadBuiltInCatalogs } from '@aims/catalog';
import {
  AppConfig,
  Clock,
  createDataSource,
  handlePostgresClientErrors,
  isStopping,
  Metrics,
  QueueConnection,
  Runtime,
  SystemClock,
} from '@aims/platform';
import { withClient } from './pg-admin';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { localSecrets } from './local-secrets';

export interface RuntimeHandle extends Runtime {
  databaseUrl: string;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  /** Apply pending migrations before returning (the one-command start and tests do). */
  migrate?: boolean;
  /** With `migrate`: also load the built-in framework catalogs (default true; skipped when nothing changed). */
  loadCatalogs?: boolean;
  /** Connection pool size. */
  poolSize?: number;
  /**
   * Embedded start only: the last step of initialising a new database (the demo seed), run on a fully
   * migrated database before it becomes the one every later start uses.
   */
  initialise?: (runtime: Runtime) => Promise<void>;
}

/** The embedded start's database, and the name it has until its initialisation is complete. */
const EMBEDDED_DATABASE = 'aims';
const INITIALISING_DATABASE = 'aims_initialising';

// Replicas (and parallel test files) may start together: one migrates, the others wait and find nothing to do.
const MIGRATION_LOCK = 4_200_420_001;

async function migrate(dataSource: DataSource): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).length;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Everything a first start does (create the database, migrate, load catalogs, seed) happens in a
 * database of its own that is renamed to `aims` only once complete. A start interrupted at any step
 * leaves no `aims` database, and the next start begins the initialisation again from scratch.
 */
async function initialiseEmbeddedDatabase(
  config: AppConfig,
  embedded: EmbeddedDatabase,
  options: RuntimeOptions,
  logger: Logger,
): Promise<void> {
  const admin = embedded.urlFor('postgres');
  const exists = await withClient(admin, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    return found.rowCount === 1;
  });
  if (exists) return;
  logger.log({ msg: 'initialising the database (migrations, catalogs, demo data)' });
  await withClient(admin, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${INITIALISING_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${INITIALISING_DATABASE}`);
  });
  const runtime = await connect(config, embedded.urlFor(INITIALISING_DATABASE), {
    ...options,
    migrate: true,
  });
  try {
    await options.initialise?.(runtime);
  } finally {
    await runtime.close();
  }
  await withClient(admin, async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [INITIALISING_DATABASE],
    );
    await client.query(`ALTER DATABASE ${INITIALISING_DATABASE} RENAME TO ${EMBEDDED_DATABASE}`);
  });
  logger.log({ msg: 'database initialised' });
}

async function connect(
  config: AppConfig,
  databaseUrl: string,
  options: RuntimeOptions,
): Promise<RuntimeHandle> {
  const logger = new Logger('Runtime');
  const dataSource = createDataSource(databaseUrl, ENTITIES, {
    extra: { max: options.poolSize ?? 20, application_name: 'aims' },
  });
  await dataSource.initialize();
  try {
    if (options.migrate) {
      const applied = await migrate(dataSource);
      if (applied > 0) logger.log({ msg: 'migrations applied', applied });
      if (options.loadCatalogs ?? true) await loadBuiltInCatalogs(dataSource);
    }
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  const queues = new QueueConnection(config, databaseUrl);
  await queues.prepare();
  logger.log({ msg: 'queues ready', backend: queues.kind });
  return {
    config,
    dataSource,
    queues,
    clock: options.clock ?? new SystemClock(),
    metrics: new Metrics(),
    databaseUrl,
    async close() {
      await queues.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/**
 * Connects everything a process needs: PostgreSQL (DATABASE_URL, or an embedded server under
 * EMBEDDED_DATA_DIR, initialised on first start), migrations, and the queue backend chosen from
 * configuration.
 */
export async function createRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<RuntimeHandle> {
  const logger = new Logger('Runtime');
  // A restart of PostgreSQL, or Ctrl-C reaching the embedded one, must not crash the process.
  handlePostgresClientErrors((err) => {
    if (isStopping()) logger.debug({ msg: 'database connection lost while stopping', error: err.message });
    else logger.warn({ msg: 'database connection error', error: err.message });
  });
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    config.withGeneratedSecrets(localSecrets(config.EMBEDDED_DATA_DIR));
    embedded = await startEmbeddedPostgres(config.EMBEDDED_DATA_DIR, config.EMBEDDED_DB_PORT);
    try {
      await initialiseEmbeddedDatabase(config, embedded, options, logger);
    } catch (err) {
      await embedded.stop();
      throw err;
    }
    databaseUrl = embedded.urlFor(EMBEDDED_DATABASE);
    logger.log({
      msg: 'embedded PostgreSQL running',
      port: embedded.port,
      dataDir: config.EMBEDDED_DATA_DIR,
    });
  } else if (config.ephemeralJwtSecret && config.NODE_ENV !== 'test') {
    logger.warn({
      msg:
        'JWT_SECRET is not set: tokens are signed with a random secret that ends with this process ' +
        '(set JWT_SECRET, and ENCRYPTION_KEY when the API and the worker run as separate processes)',
    });
  }
  let runtime: RuntimeHandle;
  try {
    runtime = await connect(config, databaseUrl, options);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  logger.log({ msg: 'queues ready', backend: runtime.queues.kind });
  const close = runtime.close;
  return {
    ...runtime,
    async close() {
      await close();
      await embedded?.stop();
    },
  };
}
