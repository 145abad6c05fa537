import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
