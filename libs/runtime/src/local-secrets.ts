import * as fs from 'node:fs';
import * as path from 'node:path';
import { GeneratedSecrets, generateSecrets } from '@aims/platform';

/** Where the embedded start keeps the secrets it generated, readable by its owner only. */
export const SECRETS_FILE = 'secrets.json';

const OWNER_ONLY = 0o600;

function isComplete(value: unknown): value is GeneratedSecrets {
  const secrets = value as Partial<GeneratedSecrets> | null;
  return (
    typeof secrets?.JWT_SECRET === 'string' &&
    typeof secrets.URL_SIGNING_SECRET === 'string' &&
    typeof secrets.ENCRYPTION_KEY === 'string'
  );
}

/**
 * The secrets of a local installation: generated on first start and kept in `dataDir` (mode 0600), so
 * tokens, signed URLs and data encrypted at rest survive a restart and no secret is published in the
 * source. Written to a temporary file and renamed, so an interrupted first start leaves no partial file.
 */
export function localSecrets(dataDir: string): GeneratedSecrets {
  const file = path.resolve(dataDir, SECRETS_FILE);
  if (fs.existsSync(file)) {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, OWNER_ONLY);
    let stored: unknown;
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      stored = undefined;
    }
    // Never replaced silently: data encrypted with the stored key would become unreadable.
    if (!isComplete(stored)) {
      throw new Error(
        `${file} is not a valid secrets file: restore it, or remove it to generate new secrets`,
      );
    }
    return stored;
  }
  const secrets = generateSecrets();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: OWNER_ONLY });
  fs.renameSync(partial, file);
  return secrets;
}
