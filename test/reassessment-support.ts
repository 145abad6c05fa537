import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';

import { withClient } from '../libs/runtime/src/pg-admin';

export { withClient };
export { privateDatabase } from './support/test-database';

/**
 * Helpers for the reassessment tests. Sweeps cover every organisation, so each test file works in a
 * database of its own: sweeping with a clock moved forward must not touch other files' data.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Organisations inserted directly (sweeps need data, not sign-ups). */
export async function seedOrganisations(client: Client, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await client.query(
    `INSERT INTO organisation (id, name) SELECT id, 'Sweep org ' || ord FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)`,
    [ids],
  );
  return ids;
}

/** `perOrg` open risks per organisation whose review fell due at `dueAt` (spread by a millisecond each). */
export async function seedRisksDueForReview(
  client: Client,
  organisationIds: string[],
  perOrg: number,
  dueAt: Date,
): Promise<number> {
  await client.query(
    `INSERT INTO risk (organisation_id, title, status, next_review_at)
     SELECT o.id, 'Due risk ' || g, 'ANALYSED', $2::timestamptz - (g || ' milliseconds')::interval
       FROM unnest($1::uuid[]) AS o(id), generate_series(1, $3::int) AS g`,
    [organisationIds, dueAt, perOrg],
  );
  return organisationIds.length * perOrg;
}

/** Accepted risks whose acceptance ends at `acceptedUntil` (expired ones are reopened by the sweep). */
export async function seedAcceptedRisks(
  client: Client,
  organisationIds: string[],
  perOrg: number,
  acceptedUntil: Date,
): Promise<number> {
  await client.query(
    `INSERT INTO risk (organisation_id, title, status, inherent_likelihood, inherent_consequence, accepted_at, accepted_until, next_review_at)
     SELECT o.id, 'Accepted risk ' || g, 'ACCEPTED', 2, 2, now(), $2::timestamptz - (g || ' milliseconds')::interval,
            $2::timestamptz + interval '365 days'
       FROM unnest($1::uuid[]) AS o(id), generate_series(1, $3::int) AS g`,
    [organisationIds, acceptedUntil, perOrg],
  );
  return organisationIds.length * perOrg;
}

/** Accepted evidence items valid until `validUntil`. */
export async function seedEvidence(
  client: Client,
  organisationIds: string[],
  perOrg: number,
  validUntil: Date,
): Promise<number> {
  await client.query(
    `INSERT INTO evidence_item (organisation_id, title, kind, state, created_by_type, valid_until)
     SELECT o.id, 'Evidence ' || g, 'LINK', 'ACCEPTED', 'SYSTEM', $2::timestamptz - (g || ' milliseconds')::interval
       FROM unnest($1::uuid[]) AS o(id), generate_series(1, $3::int) AS g`,
    [organisationIds, validUntil, perOrg],
  );
  return organisationIds.length * perOrg;
}

/** What the task table and the outbox hold, checked for exactly-once. */
export async function tally(client: Client): Promise<{
  tasks: number;
  distinctKeys: number;
  byKind: Record<string, number>;
  events: Record<string, number>;
  createdEventsPerTask: { max: number; min: number; tasksWithEvent: number };
}> {
  const tasks = await client.query(
    `SELECT count(*)::int AS n,
            count(DISTINCT (organisation_id, subject_type, subject_id, kind, due_at, threshold_days))::int AS keys
       FROM reassessment_task`,
  );
  const byKind = await client.query(`SELECT kind, count(*)::int AS n FROM reassessment_task GROUP BY kind`);
  const events = await client.query(`SELECT type, count(*)::int AS n FROM outbox_event GROUP BY type`);
  const perTask = await client.query(
    `SELECT coalesce(max(n), 0)::int AS max, coalesce(min(n), 0)::int AS min, count(*)::int AS tasks
       FROM (SELECT t.id, count(e.id) AS n FROM reassessment_task t
               LEFT JOIN outbox_event e ON e.type = 'reassessment.created' AND e.payload->>'taskId' = t.id::text
              GROUP BY t.id) x`,
  );
  return {
    tasks: tasks.rows[0].n,
    distinctKeys: tasks.rows[0].keys,
    byKind: Object.fromEntries(byKind.rows.map((r) => [r.kind, r.n])),
    events: Object.fromEntries(events.rows.map((r) => [r.type, r.n])),
    createdEventsPerTask: {
      max: perTask.rows[0].max,
      min: perTask.rows[0].min,
      tasksWithEvent: perTask.rows[0].tasks,
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker has booted (its workers and job schedulers are up). */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** SIGTERM and wait for the graceful drain. */
  stop(): Promise<void>;
}

/** Starts the real worker app (apps/worker/src/main.ts) as a separate Node process. */
export function spawnWorker(env: Record<string, string | undefined>): WorkerProcess {
  const child = spawn(process.execPath, [path.join(__dirname, 'reassessment-worker.js')], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
