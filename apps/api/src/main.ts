import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { createRootLogger, loadConfig, PinoNestLogger } from '@aims/platform';
import { createRuntime, onShutdownSignals } from '@aims/runtime';
import { seedDemo } from '../../../seeds/demo';
import { createWorkerApp } from '../../worker/src/worker-app';
import { createApiApp } from './api-app';

/**
 * `npm start`: with nothing configured, starts an embedded PostgreSQL, runs BullMQ on its PostgreSQL
 * backend, migrates, seeds the demo organisation on first run, and runs API and worker in one process.
 * With DATABASE_URL / REDIS_URL / PORT set it uses those; RUN_WORKER=false runs the API alone.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const root = createRootLogger(config.LOG_LEVEL);
  const logger = new PinoNestLogger(root);
  // Boot (runtime, migrations, catalogs) logs through the same JSON logger as the app.
  Logger.overrideLogger(logger);
  const runtime = await createRuntime(config, { migrate: true });
  const app = await createApiApp(runtime, root, logger);
  let worker: INestApplicationContext | undefined;
  if (config.RUN_WORKER) worker = await createWorkerApp(runtime, logger);
  await app.listen(config.PORT, '0.0.0.0');

  const url = `http://localhost:${config.PORT}/graphql`;
  const demo = config.SEED_DEMO ? await seedDemo(app) : undefined;
  const lines = [
    '',
    `AIMS is running: ${url}`,
    `  health:  http://localhost:${config.PORT}/health/ready`,
    `  worker:  ${worker ? 'in this process' : 'not started (RUN_WORKER=false)'}`,
  ];
  if (demo) {
    lines.push(
      `  demo compliance officer: ${demo.email} / ${demo.password}`,
      `  token (valid ${Math.round(config.JWT_TTL_SECONDS / 60)} min):`,
      `    ${demo.accessToken}`,
      '',
      `  curl -s ${url} -H 'content-type: application/json' \\`,
      `    -H 'authorization: Bearer ${demo.accessToken}' \\`,
      `    -d '{"query":"{ me { user { email } organisation { name } role } }"}'`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  onShutdownSignals(
    [
      { name: 'API', run: () => app.close() },
      { name: 'worker (drains in-flight jobs)', run: async () => worker?.close() },
      { name: 'connections and embedded database', run: () => runtime.close() },
    ],
    logger,
  );
}

main().catch((err: unknown) => {
  createRootLogger('info').fatal({ err, context: 'Boot' }, 'API failed to start');
  process.exit(1);
});
