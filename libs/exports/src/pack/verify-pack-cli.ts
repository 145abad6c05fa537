import { readFile } from 'node:fs/promises';
import { verifyPack } from './pack-verifier';

const USAGE = 'usage: verify-pack <pack.zip> [--public-key <key.pem>]';

/**
 * `npm run verify-pack -- pack.zip [--public-key key.pem]`: prints one line per check and every warning,
 * and returns the exit code: 0 when the pack is valid, 1 when a check fails (the last line names the
 * first failure), 2 on bad usage.
 */
export async function runVerifyPackCli(args: string[], print: (line: string) => void): Promise<number> {
  let zipPath: string | undefined;
  let keyPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--public-key') keyPath = args[++i];
    else if (!zipPath && !args[i].startsWith('-')) zipPath = args[i];
    else {
      print(USAGE);
      return 2;
    }
  }
  if (!zipPath || (args.includes('--public-key') && !keyPath)) {
    print(USAGE);
    return 2;
  }
  let publicKeyPem: string | undefined;
  if (keyPath) {
    try {
      publicKeyPem = await readFile(keyPath, 'utf8');
    } catch (err) {
      print(`cannot read the public key ${keyPath}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }
  const verification = await verifyPack(zipPath, { publicKeyPem });
  print(`Evidence pack ${zipPath}`);
  if (verification.manifest) {
    const m = verification.manifest;
    print(
      `  pack ${m.packId}, ${m.organisation?.name} (${m.organisation?.id}), as of ${m.scope?.asOf}, key ${m.keyId}`,
    );
  }
  for (const check of verification.checks) {
    print(`${check.ok ? 'PASS' : 'FAIL'} ${check.name}`);
    for (const detail of check.details) print(`     ${detail}`);
  }
  for (const warning of verification.warnings) print(`WARNING: ${warning}`);
  if (verification.valid) {
    print('VERIFIED: every check passed.');
    return 0;
  }
  print(`NOT VERIFIED: ${verification.firstFailure}`);
  return 1;
}
