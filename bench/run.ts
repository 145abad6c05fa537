import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { nodeFlagsOf } from './node-flags';

/**
 * `npm run bench` runs every benchmark, one after the other, each in a process of its own started with the
 * Node flags of the process it measures (the API's or the worker's, as deployed) and on a scratch database
 * of its own. Each also runs alone: node <flags> dist/bench/<name>.js.
 */
const BENCHMARKS: { title: string; script: string; flags: string[] }[] = [
  {
    title: 'request paths (P0–P2, createRisk, writes per organisation)',
    script: 'api',
    flags: nodeFlagsOf('start:api'),
  },
  { title: 'reassessment sweep (P3)', script: 'reassessment', flags: nodeFlagsOf('start:worker') },
  { title: 'evidence storage (P4)', script: 'storage', flags: nodeFlagsOf('start:api') },
  { title: 'webhooks (P6)', script: 'webhooks', flags: nodeFlagsOf('start:worker') },
  // The pack is written by a child process the script starts with the worker's flags itself.
  { title: 'evidence pack (P5)', script: 'pack', flags: [] },
];

async function main(): Promise<void> {
  for (const { title, script, flags } of BENCHMARKS) {
    console.log(`\n# ${title}${flags.length ? ` (node ${flags.join(' ')})` : ''}`);
    const child = fork(join(__dirname, `${script}.js`), [], { execArgv: flags, stdio: 'inherit' });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the ${script} benchmark exited with ${code}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
