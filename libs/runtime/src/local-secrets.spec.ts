import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '@aims/platform';
import { localSecrets, SECRETS_FILE } from './local-secrets';

describe('localSecrets', () => {
  let dir: string;
  const file = () => path.join(dir, SECRETS_FILE);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates valid secrets on first use, readable by the owner only, and keeps them', () => {
    const first = localSecrets(path.join(dir, 'nested'));
    dir = path.join(dir, 'nested');
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(loadConfig({ NODE_ENV: 'production', ...first })).toMatchObject(first);
    expect(localSecrets(dir)).toEqual(first);
    expect(fs.readdirSync(dir)).toEqual([SECRETS_FILE]);
  });

  it('tightens a secrets file others could read', () => {
    const secrets = localSecrets(dir);
    fs.chmodSync(file(), 0o644);
    expect(localSecrets(dir)).toEqual(secrets);
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('never replaces a damaged secrets file silently', () => {
    fs.writeFileSync(file(), '{"JWT_SECRET":', { mode: 0o600 });
    expect(() => localSecrets(dir)).toThrow(/not a valid secrets file/);
    fs.writeFileSync(file(), '{"JWT_SECRET":"x"}', { mode: 0o600 });
    expect(() => localSecrets(dir)).toThrow(/not a valid secrets file/);
    expect(fs.readFileSync(file(), 'utf8')).toBe('{"JWT_SECRET":"x"}');
  });
});
