import { LoggerService } from '@nestjs/common';
import { markStopping } from '@aims/platform';

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs shutdown steps in order (stop taking requests, drain jobs, close connections, stop the embedded
 * database), each bounded in time: on Ctrl-C the terminal also signals the embedded PostgreSQL, so a
 * step waiting on a connection that is already gone must not keep the process alive.
 */
export function onShutdownSignals(
  steps: ShutdownStep[],
  logger: LoggerService,
  stepTimeoutMs = 15_000,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    markStopping();
    logger.log({ msg: 'shutting down', signal }, 'Shutdown');
    for (const step of steps) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), stepTimeoutMs);
      });
      const outcome = await Promise.race([step.run().then(() => 'done' as const), timeout]).catch(
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      clearTimeout(timer);
      if (outcome !== 'done')
        logger.warn({ msg: 'shutdown step did not finish', step: step.name, outcome }, 'Shutdown');
    }
    logger.log({ msg: 'stopped' }, 'Shutdown');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
