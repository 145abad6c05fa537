import { checkFixity, createEvidenceStorage } from '@aims/evidence';
import { loadConfig } from '@aims/platform';
import { createRuntime } from '@aims/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `npm run storage:verify [-- --organisation <id>]`: re-hashes every stored evidence object (of one
 * organisation, or all) against the SHA-256 and size recorded on its versions, prints each missing or
 * altered object, and exits 1 when there is any (2 on bad arguments).
 */
export async function verifyStorage(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  const at = argv.indexOf('--organisation');
  const organisationId = at >= 0 ? argv[at + 1] : undefined;
  const unknown = argv.filter((a, i) => a !== '--organisation' && i !== at + 1);
  if ((at >= 0 && !UUID.test(organisationId ?? '')) || (at < 0 ? argv : unknown).length > 0) {
    print('usage: npm run storage:verify [-- --organisation <organisation id>]');
    return 2;
  }
  const config = loadConfig(env);
  const runtime = await createRuntime(config, { migrate: false });
  try {
    const report = await checkFixity(runtime.dataSource, createEvidenceStorage(config), { organisationId });
    for (const p of report.problems) {
      const found = p.actual ? `found ${p.actual.sha256} (${p.actual.size} bytes)` : 'no object';
      print(
        `${p.problem} organisation ${p.organisationId} evidence ${p.evidenceItemId} version ${p.versionId}: ` +
          `expected ${p.sha256} (${p.sizeBytes} bytes), ${found}`,
      );
    }
    const missing = report.problems.filter((p) => p.problem === 'MISSING').length;
    print(
      `checked ${report.objects} object(s) for ${report.versions} version(s) on ${config.STORAGE_DRIVER} storage: ` +
        `${report.problems.length - missing} mismatched, ${missing} missing`,
    );
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

if (require.main === module) {
  verifyStorage(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
