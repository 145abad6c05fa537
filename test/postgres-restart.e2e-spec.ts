import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@aims/platform';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { waitFor } from './reassessment-support';
import { createOrg, TestOrg } from './support/factory';
import { gql, gqlOk } from './support/gql';

Logger.overrideLogger(false);

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/** A PostgreSQL cluster of the test's own (the machine's binaries, run as `postgres` when we are root). */
class TestCluster {
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  private exec(binary: string, args: string[]) {
    const command = path.join(BIN, binary);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    if (this.asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      fs.chownSync(this.dir, id('-u'), id('-g'));
    }
    await this.exec('initdb', ['-D', this.pgdata, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    return this.exec('pg_ctl', [
      '-D',
      this.pgdata,
      '-o',
      options,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop() {
    return this.exec('pg_ctl', ['-D', this.pgdata, '-m', 'fast', '-w', 'stop']);
  }

  private get pgdata(): string {
    return path.join(this.dir, 'pgdata');
  }
}

/**
 * PostgreSQL restarts under a running API and worker (queues on BullMQ's PostgreSQL backend, so both
 * lose their database): during the outage the API says it is not ready, afterwards it recovers without
 * being restarted, and every outbox event committed before, during or after is relayed.
 */
describe('PostgreSQL restart', () => {
  let dataDir: string;
  let cluster: TestCluster;
  let runtime: RuntimeHandle;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let http: any;
  let org: TestOrg;

  const createRisk = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { risk { id } } }`;
  const ready = async () => (await request(http).get('/health/ready')).status;
  const outbox = async (): Promise<{ id: string; published: boolean }[]> =>
    runtime.dataSource.query(
      'SELECT id, published_at IS NOT NULL AS published FROM outbox_event WHERE organisation_id = $1',
      [org.organisationId],
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-restart-'));
    // PostgreSQL may run as another user (the `postgres` user when tests run as root).
    fs.chmodSync(dataDir, 0o755);
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen({ port: 0, host: '127.0.0.1' }, () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    cluster = new TestCluster(dataDir, port);
    await cluster.init();
    await cluster.start();
    const { REDIS_URL: _redis, ...env } = process.env;
    runtime = await createRuntime(
      loadConfig({
        ...env,
        NODE_ENV: 'test',
        DATABASE_URL: cluster.url,
        QUEUE_PREFIX: 'restart',
        LOG_LEVEL: 'silent',
        OUTBOX_RELAY_INTERVAL_MS: '300',
      }),
      { migrate: true, poolSize: 5 },
    );
    app = await createApiApp(runtime);
    worker = await createWorkerApp(runtime);
    http = app.getHttpServer();
    org = await createOrg(http, 'Restart Org');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await runtime?.close();
    await cluster?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers not ready during the outage, recovers by itself and relays every committed event', async () => {
    expect(await ready()).toBe(200);
    const signUpEvents = (await outbox()).length;
    for (let i = 0; i < 5; i++) {
      await gqlOk(http, org.ownerToken, createRisk, { input: { title: `Before the outage ${i}` } });
    }
    const before = (await outbox()).map((e) => e.id);
    expect(before.length).toBeGreaterThanOrEqual(5);

    await cluster.stop();
    await waitFor(async () => (await ready()) === 503);
    expect((await request(http).get('/health/live')).status).toBe(200);
    const refused = await gql(http, org.ownerToken, createRisk, { input: { title: 'During the outage' } });
    expect(refused.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');

    await cluster.start();
    await waitFor(async () => (await ready()) === 200);
    for (let i = 0; i < 5; i++) {
      await gqlOk(http, org.ownerToken, createRisk, { input: { title: `After the outage ${i}` } });
    }

    const all = await waitFor(async () => {
      const events = await outbox();
      return events.every((e) => e.published) && events;
    });
    // As many events for the five risks after the outage as for the five before it.
    expect(all.length).toBe(before.length + (before.length - signUpEvents));
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining(before));
    const titles = await runtime.dataSource.query('SELECT title FROM risk WHERE organisation_id = $1', [
      org.organisationId,
    ]);
    expect(titles.map((r: { title: string }) => r.title)).not.toContain('During the outage');
  }, 180_000);
});
