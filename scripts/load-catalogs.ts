import { loadBuiltInCatalogs } from '@aims/catalog';
import { loadConfig } from '@aims/platform';
import { createRuntime } from '@aims/runtime';

/**
 * `npm run catalog:load` (`-- --force` rewrites unchanged files too): validates every file under
 * libs/catalog/data, listing every problem, and upserts the built-in catalogs by URN.
 */
async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const runtime = await createRuntime(loadConfig(), { migrate: true, loadCatalogs: false });
  try {
    const report = await loadBuiltInCatalogs(runtime.dataSource, { force });
    for (const f of report.frameworks) {
      const state = f.created ? 'created' : f.changed ? 'updated' : 'unchanged';
      const retired = f.retiredUrns.length ? `, retired ${f.retiredUrns.join(', ')}` : '';
      console.log(`framework ${f.framework.urn}: ${state}, ${f.requirementCount} requirements${retired}`);
    }
    for (const m of report.mappingSets) {
      const state = m.created ? 'created' : m.changed ? 'updated' : 'unchanged';
      console.log(`mapping set ${m.mappingSet.urn}: ${state}, ${m.mappingCount} mappings`);
    }
    if (![...report.frameworks, ...report.mappingSets].some((r) => r.changed)) {
      console.log('Built-in catalogs are up to date: every file is already loaded (--force rewrites them).');
    }
  } finally {
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
