import { randomBytes } from 'node:crypto';
import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { AppConfig, Clock, loadConfig } from '@aims/platform';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../../apps/api/src/api-app';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { assertTestDatabase, privateDatabase } from './test-database';

// Tests assert on behaviour; framework chatter would only bury the failures.
Logger.overrideLogger(false);

/** Configuration for a test process: the run's database, a queue prefix of its own, overrides on top. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const url = process.env.AIMS_TEST_DATABASE_URL;
  if (!url) throw new Error('AIMS_TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  assertTestDatabase(url);
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: url,
    QUEUE_PREFIX: `${process.env.AIMS_TEST_QUEUE_PREFIX ?? 'test'}${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'silent',
    // Tests change credentials with SQL and expect the next request to see it; the credential cache has
    // its own tests (test/auth-cache.e2e-spec.ts), which turn it on.
    AUTH_CACHE_SECONDS: '0',
    ...overrides,
  });
}

export interface TestApp {
  app: INestApplication;
  runtime: RuntimeHandle;
  http: any;
  close(): Promise<void>;
}

/**
 * Boots the real API (and, when asked, the worker) against the test database. Call once per file. A worker
 * sweeps every organisation of its database on a schedule (due reassessments, expired acceptances), so an
 * app with a worker, or one asking for `ownDatabase`, gets a database of its own: its sweeps never reach
 * the organisations of test files running beside it, whose clocks and counts they would disturb.
 */
export async function startTestApp(
  options: { clock?: Clock; worker?: boolean; ownDatabase?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp & { worker?: INestApplicationContext }> {
  const own =
    (options.ownDatabase ?? options.worker) && !options.env?.DATABASE_URL
      ? await privateDatabase()
      : undefined;
  const runtime = await createRuntime(testConfig({ ...options.env, ...(own && { DATABASE_URL: own.url }) }), {
    clock: options.clock,
    poolSize: 10,
    migrate: true,
  });
  const app = await createApiApp(runtime);
  const worker = options.worker ? await createWorkerApp(runtime) : undefined;
  return {
    app,
    runtime,
    worker,
    http: app.getHttpServer(),
    async close() {
      await app.close();
      await worker?.close();
      await runtime.close();
      await own?.drop();
    },
  };
}
