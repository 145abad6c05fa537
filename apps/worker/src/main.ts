import 'reflect-metadata';
import { createRootLogger, loadConfig, PinoNestLogger } from '@aims/platform';
import { createRuntime } from '@aims/runtime';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new PinoNestLogger(createRootLogger(config.LOG_LEVEL));
  const runtime = await createRuntime(config, { migrate: false, poolSize: 10 });
  const worker = await createWorkerApp(runtime, logger);
  logger.log('worker running', 'Worker');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining in-flight jobs`, 'Worker');
    await worker.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
