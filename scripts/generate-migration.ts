import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '@aims/platform';
import { createRuntime, migrationSource, schemaDiff } from '@aims/runtime';

/**
 * `npm run migration:generate -- AddRisks`: applies existing migrations, compares the entities with the
 * database and writes `migrations/<unix-ms>-AddRisks.ts` with the difference.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: npm run migration:generate -- PascalCaseName');
  }
  // Catalogs are not loaded: the entities may be ahead of the schema until this migration exists.
  const runtime = await createRuntime(loadConfig(), { migrate: true, loadCatalogs: false });
  try {
    const diff = await schemaDiff(runtime.dataSource);
    if (diff.up.length === 0) {
      console.log('No schema changes: entities and migrations agree.');
      return;
    }
    const stamp = Date.now();
    const file = path.join(__dirname, '..', '..', 'migrations', `${stamp}-${name}.ts`);
    fs.writeFileSync(file, migrationSource(`${name}${stamp}`, diff));
    console.log(
      `Wrote ${path.relative(process.cwd(), file)} (${diff.up.length} statements). Format it with npm run format.`,
    );
  } finally {
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
