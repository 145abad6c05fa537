import { DataSource } from 'typeorm';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Records every SQL statement the app sends to PostgreSQL while `fn` runs, at the pg client below
 * TypeORM, so batching tests count what really reaches the database.
 */
export async function recordStatements<T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const client = (dataSource.driver as unknown as { postgres: { Client: { prototype: { query: QueryFn } } } })
    .postgres.Client.prototype;
  const original = client.query;
  const statements: string[] = [];
  client.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    statements.push(text ?? '');
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    client.query = original;
  }
}
