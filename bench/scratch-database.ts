import { randomBytes } from 'node:crypto';
import { adminQuery } from '@aims/runtime';

/** A database of its own for one benchmark run, on DATABASE_URL's server; dropped when the run ends. */
export interface ScratchDatabase {
  url: string;
  /** A queue prefix no other run uses. */
  queuePrefix: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(label = 'bench'): Promise<ScratchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('DATABASE_URL must point at a PostgreSQL server (a scratch database is created on it)');
  const suffix = randomBytes(3).toString('hex');
  const dbName = `aims_${label}_${suffix}`;
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${dbName}"`);
  return {
    url: url.toString(),
    queuePrefix: `bench${suffix}`,
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`),
  };
}
