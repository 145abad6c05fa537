import { adminQuery } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const server = process.env.AIMS_TEST_SERVER_URL;
  const url = process.env.AIMS_TEST_DATABASE_URL;
  if (server && url && !process.env.AIMS_KEEP_TEST_DB) {
    const name = new URL(url).pathname.slice(1);
    await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const embedded = (globalThis as { __AIMS_EMBEDDED__?: { stop(): Promise<void> } }).__AIMS_EMBEDDED__;
  await embedded?.stop();
}
