import { Client } from 'pg';

/** Runs `fn` with a client of its own on `url`, closed whatever happens. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement on the server's maintenance database (`postgres`): creating and dropping databases. */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  await withClient(url.toString(), (client) => client.query(sql));
}
