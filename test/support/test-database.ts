import { randomBytes } from 'node:crypto';
import { adminQuery } from '../../libs/runtime/src/pg-admin';

/** Refuses to touch anything but a database created by the test setup. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('aims_test_')) throw new Error(`refusing to run against non-test database ${name}`);
}

export function testDatabaseUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/aims_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}

export { adminQuery };

/** A database of its own on the test server, for processes whose sweeps cover every organisation. */
export async function privateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.AIMS_TEST_SERVER_URL;
  if (!server) throw new Error('AIMS_TEST_SERVER_URL is not set: run the tests through jest (global setup)');
  const name = `aims_test_${process.pid}_rs_${randomBytes(3).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
