// Global setup runs outside jest's module mapper: resolve the @aims/* aliases through tsconfig paths.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsconfig-paths').register({ baseUrl: `${__dirname}/../..`, paths: require('../../tsconfig.json').compilerOptions.paths });
import { adminQuery, testDatabaseUrl } from './test-database';

/**
 * Creates a fresh, migrated database for this test run on DATABASE_URL's server (or on an embedded
 * PostgreSQL when DATABASE_URL is unset) and hands its URL to the test workers.
 */
export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('@aims/platform') as typeof import('@aims/platform');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createRuntime, startEmbeddedPostgres } = require('@aims/runtime') as typeof import('@aims/runtime');
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres('.data/test', 54330, 'postgres_aims');
    serverUrl = embedded.url;
    (globalThis as { __AIMS_EMBEDDED__?: unknown }).__AIMS_EMBEDDED__ = embedded;
  }
  const url = testDatabaseUrl(serverUrl);
  const name = new URL(url).pathname.slice(1);
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  process.env.AIMS_TEST_SERVER_URL = serverUrl;
  process.env.AIMS_TEST_DATABASE_URL = url;
  process.env.AIMS_TEST_QUEUE_PREFIX = `t${process.pid}`;

  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url }), { migrate: true });
  await runtime.close();
}
