import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node flags of `npm run start:api` or `npm run start:worker` (package.json), so that a benchmark runs
 * the code with the flags it is deployed with (the Dockerfile and docker-compose repeat them).
 */
export function nodeFlagsOf(script: 'start:api' | 'start:worker'): string[] {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts[script].split(/\s+/).filter((word) => word.startsWith('--'));
}
