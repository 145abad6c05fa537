import { Pool, PoolClient } from 'pg';

type ClientErrorHandler = (err: Error) => void;

let handler: ClientErrorHandler | undefined;

/**
 * Gives every pooled PostgreSQL client of this process (TypeORM's pool, BullMQ's pools) an `error`
 * listener for its whole life. pg-pool listens only while a client is idle; a client that is checked
 * out between two statements (a transaction, a blocking queue read) when the server goes away (a
 * restart, or Ctrl-C reaching the embedded PostgreSQL) would otherwise raise an unhandled `error`
 * event and kill the process. The failed statement still rejects where it was issued, and pg-pool
 * still drops the broken client on release. Idempotent: the latest handler wins.
 */
export function handlePooledClientErrors(onError: ClientErrorHandler): void {
  const installed = handler !== undefined;
  handler = onError;
  if (installed) return;
  const proto = Pool.prototype as unknown as { emit(event: string | symbol, ...args: unknown[]): boolean };
  const emit = proto.emit;
  proto.emit = function (this: Pool, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connect') (args[0] as PoolClient).on('error', (err: Error) => handler?.(err));
    return emit.call(this, event, ...args);
  };
}
