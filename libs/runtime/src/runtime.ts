import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadBuiltInCatalogs } from '@aims/catalog';
import {
  AppConfig,
  Clock,
  createDataSource,
  Metrics,
  QueueConnection,
  Runtime,
  SystemClock,
} from '@aims/platform';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';

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
}

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
 * Connects everything a process needs: PostgreSQL (DATABASE_URL, or an embedded server under
 * EMBEDDED_DATA_DIR), migrations, and the queue backend chosen from configuration.
 */
export async function createRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<RuntimeHandle> {
  const logger = new Logger('Runtime');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.EMBEDDED_DATA_DIR, config.EMBEDDED_DB_PORT);
    databaseUrl = embedded.url;
    logger.log({
      msg: 'embedded PostgreSQL running',
      port: config.EMBEDDED_DB_PORT,
      dataDir: config.EMBEDDED_DATA_DIR,
    });
  }
  const dataSource = createDataSource(databaseUrl, ENTITIES, {
    extra: { max: options.poolSize ?? 20, application_name: 'aims' },
  });
  await dataSource.initialize();
  if (options.migrate) {
    const applied = await migrate(dataSource);
    if (applied > 0) logger.log({ msg: 'migrations applied', applied });
    if (options.loadCatalogs ?? true) await loadBuiltInCatalogs(dataSource);
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
      await embedded?.stop();
    },
  };
}
