import { Client, Pool, PoolClient } from 'pg';

type ClientErrorHandler = (err: Error) => void;

let handler: ClientErrorHandler | undefined;

/**
 * Keeps a PostgreSQL server going away (a restart, or Ctrl-C reaching the embedded PostgreSQL) from
 * killing the process with an unhandled `error` event, for every client of this process (TypeORM's
 * pool, BullMQ's pools and LISTEN clients, our own):
 *
 * - pooled clients get an `error` listener for their whole life: pg-pool listens only while a client
 *   is idle, not while it is checked out between two statements (a transaction, a blocking queue read);
 * - a client being ended ignores errors: BullMQ removes every listener of its LISTEN client before
 *   ending it, and the server's "terminating connection" message may arrive in between.
 *
 * The failed statement still rejects where it was issued, and pg-pool still drops the broken client.
 * Idempotent: the latest handler wins.
 */
export function handlePostgresClientErrors(onError: ClientErrorHandler): void {
  const installed = handler !== undefined;
  handler = onError;
  if (installed) return;
  const pool = Pool.prototype as unknown as { emit(event: string | symbol, ...args: unknown[]): boolean };
  const emit = pool.emit;
  pool.emit = function (this: Pool, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connect') (args[0] as PoolClient).on('error', (err: Error) => handler?.(err));
    return emit.call(this, event, ...args);
  };
  const client = Client.prototype as unknown as { end(...args: unknown[]): unknown };
  const end = client.end;
  client.end = function (this: Client, ...args: unknown[]) {
    this.on('error', () => undefined);
    return end.apply(this, args);
  };
}
