import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, createRootLogger, loadConfig, PinoNestLogger } from '@aims/platform';
import { createRuntime, EmbeddedPostgresError, onShutdownSignals } from '@aims/runtime';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new PinoNestLogger(createRootLogger(config.LOG_LEVEL));
  Logger.overrideLogger(logger);
  const runtime = await createRuntime(config, { migrate: false, poolSize: 10 });
  const worker = await createWorkerApp(runtime, logger);
  logger.log({ msg: 'worker running' }, 'Worker');

  onShutdownSignals(
    [
      { name: 'worker (drains in-flight jobs)', run: () => worker.close() },
      { name: 'connections', run: () => runtime.close() },
    ],
    logger,
  );
}

main().catch((err: unknown) => {
  const expected = err instanceof ConfigError || err instanceof EmbeddedPostgresError;
  createRootLogger('info').fatal(expected ? { msg: (err as Error).message } : { err, msg: 'start failed' });
  process.exit(1);
});
