import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '../../libs/runtime/src/embedded-postgres';
import { adminQuery, testDatabaseUrl } from './test-database';

/**
 * Creates a fresh database for this test run on DATABASE_URL's server (or on an embedded PostgreSQL when
 * DATABASE_URL is unset) and hands its URL to the test files, which migrate it on first boot (under an
 * advisory lock). Nothing of the application is loaded here: this runs outside jest's module sandbox.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres('.data/test', 54330, 'postgres_aims');
    serverUrl = embedded.url;
    (globalThis as { __AIMS_EMBEDDED__?: unknown }).__AIMS_EMBEDDED__ = embedded;
  }
  const url = testDatabaseUrl(serverUrl);
  await adminQuery(serverUrl, `CREATE DATABASE "${new URL(url).pathname.slice(1)}"`);
  process.env.AIMS_TEST_SERVER_URL = serverUrl;
  process.env.AIMS_TEST_DATABASE_URL = url;
  process.env.AIMS_TEST_QUEUE_PREFIX = `t${process.pid}`;
  // One set of secrets for the whole run, as a deployment has: an API and the worker processes that tests
  // spawn must open each other's sealed secrets (webhook secrets, pack signing keys) and tokens.
  process.env.JWT_SECRET ??= randomBytes(32).toString('base64url');
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('hex');
}
