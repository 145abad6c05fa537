import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { waitFor } from './reassessment-support';

/**
 * The one-command start as a user runs it: `node` on apps/api/src/main.ts with nothing configured, in a
 * process group of its own (a terminal's), stopped with Ctrl-C (SIGINT to the whole group, the embedded
 * PostgreSQL included) or killed outright. One data directory serves the whole file.
 */
const ENTRY = path.join(__dirname, 'embedded-start.js');
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Holds a port the way another program would. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('embedded start', () => {
  let dataDir: string;
  let httpPort: number;
  const runs = new Set<Run>();

  const start = (env: Record<string, string> = {}): Run => {
    // The embedded start generates its own secrets: none of the test run's are handed down.
    const {
      DATABASE_URL: _db,
      REDIS_URL: _redis,
      JWT_SECRET: _jwt,
      URL_SIGNING_SECRET: _url,
      ENCRYPTION_KEY: _key,
      ...inherited
    } = process.env;
    const child = spawn(process.execPath, [ENTRY], {
      cwd: dataDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        NODE_ENV: 'development',
        EMBEDDED_DATA_DIR: dataDir,
        EVIDENCE_STORAGE_DIR: path.join(dataDir, 'evidence'),
        PORT: String(httpPort),
        LOG_LEVEL: 'info',
        REASSESSMENT_SWEEP_INTERVAL_MS: '500',
        OUTBOX_RELAY_INTERVAL_MS: '200',
        ...env,
      },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const run = { child, output: () => output, exited };
    runs.add(run);
    void exited.then(() => runs.delete(run));
    return run;
  };

  const until = (run: Run, pattern: RegExp) =>
    waitFor(async () => {
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        throw new Error(`exited before ${pattern}:\n${run.output()}`);
      }
      return pattern.test(run.output());
    }, 90_000);

  const banner = async (run: Run): Promise<string> => {
    await until(run, /AIMS is running[\s\S]*token \(valid \d+ min\):\n\s+(\S+)/);
    return /token \(valid \d+ min\):\n\s+(\S+)/.exec(run.output())![1];
  };

  /** The embedded PostgreSQL a killed start leaves behind is gone once its pid file names no process. */
  const serverGone = () =>
    waitFor(async () => {
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      if (!fs.existsSync(pidFile)) return true;
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });

  const killGroup = async (run: Run) => {
    process.kill(-run.child.pid!, 'SIGKILL');
    await run.exited;
    await serverGone();
  };

  const ctrlC = async (run: Run) => {
    process.kill(-run.child.pid!, 'SIGINT');
    const exit = await run.exited;
    await serverGone();
    return exit;
  };

  const graphql = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await request(`http://127.0.0.1:${httpPort}`)
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-embedded-'));
    // As `.data` is: PostgreSQL may run as another user (the `postgres` user when tests run as root).
    fs.chmodSync(dataDir, 0o755);
    httpPort = await freePort();
    // Never the default port 54329 here: another start on this machine may own it.
    fs.writeFileSync(path.join(dataDir, 'embedded-db-port'), `${await freePort()}\n`);
  });

  afterAll(async () => {
    for (const run of runs) process.kill(-run.child.pid!, 'SIGKILL');
    await Promise.all([...runs].map((run) => run.exited));
    await serverGone();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a first start interrupted at any step, and generates its own secrets', async () => {
    const steps = [
      /initialising a new database cluster/, // during initdb
      /initialising the database \(/, // cluster up, database being created
      /"msg":"migrations applied"/, // migrated, catalogs loading
      /"msg":"built-in catalogs loaded"/, // catalogs loaded, seed starting
      /Nest application successfully started/, // seed under way
    ];
    for (const step of steps) {
      const run = start();
      await until(run, step);
      await killGroup(run);
    }

    const run = start();
    const token = await banner(run);
    const me = await graphql(token, '{ me { role user { email } } }');
    expect(me.me).toEqual({ role: 'COMPLIANCE_OFFICER', user: { email: 'officer@demo.aims.local' } });
    const systems = await graphql(token, '{ aiSystems(first: 10) { totalCount } }');
    expect(systems.aiSystems.totalCount).toBeGreaterThan(0);

    const secretsFile = path.join(dataDir, 'secrets.json');
    expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(fs.readFileSync(secretsFile, 'utf8'));
    expect(Object.keys(secrets).sort()).toEqual(['ENCRYPTION_KEY', 'JWT_SECRET', 'URL_SIGNING_SECRET']);
    const [header, payload, signature] = token.split('.');
    const signedWith = (secret: string) =>
      createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(signedWith(secrets.JWT_SECRET)).toBe(signature);
    expect(signedWith('aims-development-only-secret-change-me-0123456789')).not.toBe(signature);

    expect(await ctrlC(run)).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toMatch(STACK_FRAME);
  }, 240_000);

  it('names a taken EMBEDDED_DB_PORT and what to set, without a stack trace', async () => {
    const held = await holdPort();
    try {
      const run = start({ EMBEDDED_DB_PORT: String(held.port) });
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.output()).toContain(`port ${held.port} (EMBEDDED_DB_PORT) is already in use`);
      expect(run.output()).not.toMatch(STACK_FRAME);
      expect(run.output()).not.toContain('undefined');
    } finally {
      await held.release();
    }
  }, 60_000);

  it('stops cleanly on Ctrl-C ten times in a row with the data intact, moving off a taken port once', async () => {
    const portFile = path.join(dataDir, 'embedded-db-port');
    const held = await holdPort();
    fs.writeFileSync(portFile, `${held.port}\n`);
    let token = '';
    try {
      for (let cycle = 1; cycle <= 10; cycle++) {
        const run = start();
        const fresh = await banner(run);
        if (cycle === 1) {
          expect(run.output()).toMatch(
            new RegExp(`"taken":${held.port},.*"msg":"embedded PostgreSQL port in use; another port chosen"`),
          );
          expect(Number(fs.readFileSync(portFile, 'utf8'))).not.toBe(held.port);
        } else {
          // Secrets kept in the data directory: the previous start's token is still good.
          await graphql(token, '{ me { role } }');
        }
        token = fresh;
        const before = await graphql(token, '{ risks(first: 1) { totalCount } auditLogIntegrity { valid } }');
        expect(before.auditLogIntegrity.valid).toBe(true);
        await graphql(token, 'mutation($i: CreateRiskInput!) { createRisk(input: $i) { risk { id } } }', {
          i: { title: `Written before Ctrl-C ${cycle}` },
        });
        const after = await graphql(token, '{ risks(first: 1) { totalCount } }');
        expect(after.risks.totalCount).toBe(before.risks.totalCount + 1);
        if (cycle > 1) {
          const titles = await graphql(token, '{ risks(first: 100) { edges { node { title } } } }');
          const written = titles.risks.edges.map((e: any) => e.node.title);
          for (let earlier = 1; earlier < cycle; earlier++) {
            expect(written).toContain(`Written before Ctrl-C ${earlier}`);
          }
        }

        expect(await ctrlC(run)).toEqual({ code: 0, signal: null });
        expect(run.output()).not.toMatch(STACK_FRAME);
        expect(run.output()).not.toMatch(/Unhandled|"level":(50|60)/);
      }
    } finally {
      await held.release();
    }
  }, 300_000);
});
