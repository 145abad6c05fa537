import { runVerifyPackCli } from '../libs/exports/src/pack';

/**
 * `npm run verify-pack -- pack.zip [--public-key key.pem]` (or `node dist/scripts/verify-pack.js`):
 * verifies an evidence pack offline, with Node.js and nothing else: no database, no network.
 */
runVerifyPackCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`verify-pack: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
