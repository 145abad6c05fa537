import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@aims/platform';
import { WorkerModule } from './worker.module';

/** Builds and starts the worker as an application context (no HTTP). */
export async function createWorkerApp(
  runtime: Runtime,
  logger?: LoggerService,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), {
    logger,
    abortOnError: false,
  });
  await app.init();
  return app;
}
