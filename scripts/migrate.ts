import { loadConfig } from '@aims/platform';
import { createRuntime } from '@aims/runtime';

/** `npm run migrate`: applies pending migrations (and BullMQ's schema on the PostgreSQL backend). */
async function main(): Promise<void> {
  const runtime = await createRuntime(loadConfig(), { migrate: true });
  await runtime.close();
  console.log('Migrations applied.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
