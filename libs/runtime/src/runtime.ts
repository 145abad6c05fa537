import { Logger } from '@nestjs/common';
import { AppConfig, Clock, createDataSource, Metrics, QueueConnection, Runtime, SystemClock } from '@aims/platform';
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
  /** Connection pool size. */
  poolSize?: number;
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
    logger.log(`embedded PostgreSQL running on port ${config.EMBEDDED_DB_PORT} (data in ${config.EMBEDDED_DATA_DIR})`);
  }
  const dataSource = createDataSource(databaseUrl, ENTITIES, {
    extra: { max: options.poolSize ?? 20, application_name: 'aims' },
  });
  await dataSource.initialize();
  if (options.migrate) {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied ${applied.length} migration(s)`);
  }
  const queues = new QueueConnection(config, databaseUrl);
  await queues.prepare();
  logger.log(`queues on ${queues.kind === 'redis' ? 'Redis' : 'the PostgreSQL backend'}`);

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
