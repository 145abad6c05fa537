import * as path from 'node:path';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Where migrations live, in source (ts, under jest) and in the build (js). */
export function migrationsGlob(): string {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  return path.join(__dirname, '..', '..', '..', '..', 'migrations', `*.${ext}`);
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/** One definition of how AIMS talks to PostgreSQL, used by the app, the migration CLI and tests. */
export function dataSourceOptions(url: string, entities: EntityList, extra: Partial<DataSourceOptions> = {}) {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [migrationsGlob()],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: { max: 20, application_name: 'aims' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, entities: EntityList, extra: Partial<DataSourceOptions> = {}) {
  return new DataSource(dataSourceOptions(url, entities, extra));
}
