import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyPackCli, verifyPack, writePack } from '../libs/exports/src/pack';
import { packFixture, PackFixture, testSigner } from './support/pack-fixture';
import { readZip, writeZip, ZipEntryRead } from './support/pack-zip';

/**
 * The offline verifier on a genuine pack and on tampered copies: each kind of tampering is caught and
 * named in the report, and the command-line entry point exits non-zero naming the first failure.
 */
describe('evidence pack verifier', () => {
  let dir: string;
  let fixture: PackFixture;
  let packPath: string;
  let entries: ZipEntryRead[];
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-verify-'));
    fixture = await packFixture(dir);
    packPath = join(dir, 'pack.zip');
    await writePack(fixture.content, fixture.signer, createWriteStream(packPath));
    entries = await readZip(packPath);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A copy of the pack with its entries changed by `edit`, verified with the organisation's key. */
  async function tampered(
    edit: (entries: { name: string; data: Buffer }[]) => { name: string; data: Buffer }[],
  ) {
    const path = join(dir, `tampered-${++n}.zip`);
    await writeZip(path, edit(entries.map((e) => ({ name: e.name, data: Buffer.from(e.data) }))));
    const lines: string[] = [];
    const code = await runVerifyPackCli([path, '--public-key', await keyFile()], (l) => lines.push(l));
    return {
      code,
      output: lines.join('\n'),
      verification: await verifyPack(path, { publicKeyPem: fixture.signer.publicKeyPem }),
    };
  }

  async function keyFile(pem = fixture.signer.publicKeyPem): Promise<string> {
    const path = join(dir, `key-${++n}.pem`);
    await writeFile(path, pem);
    return path;
  }

  const replace =
    (name: string, change: (data: Buffer) => Buffer) => (list: { name: string; data: Buffer }[]) =>
      list.map((e) => (e.name === name ? { name, data: change(e.data) } : e));
  const evidencePath = () => entries.find((e) => e.name.startsWith('evidence/6.1.2/'))!.name;

  it('verifies a genuine pack with the organisation key, every check passing', async () => {
    const lines: string[] = [];
    const code = await runVerifyPackCli([packPath, '--public-key', await keyFile()], (l) => lines.push(l));
    expect(code).toBe(0);
    const output = lines.join('\n');
    for (const name of [
      'zip',
      'manifest',
      'files',
      'checksums',
      'SHA256SUMS',
      'signature',
      'audit chain',
      'OSCAL',
    ])
      expect(output).toContain(`PASS ${name}`);
    expect(output).toContain('VERIFIED');
    expect(output).not.toContain('WARNING');
  });

  it('with the embedded key only, verifies but warns that this proves integrity, not origin', async () => {
    const lines: string[] = [];
    expect(await runVerifyPackCli([packPath], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(
      /WARNING: no --public-key given: .*proves the pack is intact but not who made it/,
    );
  });

  it('catches one changed byte of an evidence file', async () => {
    const path = evidencePath();
    const { code, output, verification } = await tampered(
      replace(path, (d) => {
        d[1000] ^= 0x01;
        return d;
      }),
    );
    expect(code).toBe(1);
    expect(verification.firstFailure).toMatch(`checksums: ${path} does not match the manifest`);
    expect(output).toContain(`FAIL SHA256SUMS`);
    expect(output).toContain(`NOT VERIFIED: checksums: ${path} does not match the manifest`);
  });

  it('catches a changed line of SHA256SUMS', async () => {
    const { code, output } = await tampered(
      replace('SHA256SUMS', (d) => {
        const lines = d.toString().split('\n');
        lines[2] = lines[2].replace(/^./, (c) => (c === '0' ? '1' : '0'));
        return Buffer.from(lines.join('\n'));
      }),
    );
    expect(code).toBe(1);
    expect(output).toMatch(
      /NOT VERIFIED: SHA256SUMS: SHA256SUMS line 3: .* has sha256 [0-9a-f]{64}, the line says/,
    );
  });

  it('catches a changed manifest.json: its signature no longer holds', async () => {
    const { code, output } = await tampered(
      replace('manifest.json', (d) => Buffer.from(d.toString().replace('"Acme AI', '"Acme AJ'))),
    );
    expect(code).toBe(1);
    expect(output).toContain('FAIL signature');
    expect(output).toContain('manifest.sig is not a signature of manifest.json by the given key');
    expect(output).toMatch(/SHA256SUMS line \d+: manifest.json has sha256/);
  });

  it('catches a removed file', async () => {
    const path = evidencePath();
    const { code, output } = await tampered((list) => list.filter((e) => e.name !== path));
    expect(code).toBe(1);
    expect(output).toContain(`NOT VERIFIED: files: file removed: ${path}`);
  });

  it('catches an added file', async () => {
    const { code, output } = await tampered((list) => [
      ...list,
      { name: 'evidence/5.2/extra.pdf', data: Buffer.from('%PDF-1.7') },
    ]);
    expect(code).toBe(1);
    expect(output).toContain('NOT VERIFIED: files: file added (not in the manifest): evidence/5.2/extra.pdf');
    expect(output).toContain('SHA256SUMS does not list evidence/5.2/extra.pdf');
  });

  it('catches reordered audit log lines: the chain breaks where the order changed', async () => {
    const { code, output } = await tampered(
      replace('audit-log.jsonl', (d) => {
        const lines = d.toString().split('\n');
        [lines[3], lines[4]] = [lines[4], lines[3]];
        return Buffer.from(lines.join('\n'));
      }),
    );
    expect(code).toBe(1);
    expect(output).toContain('FAIL audit chain');
    expect(output).toContain('broken at line 4: expected seq 8');
  });

  it('catches a signature by another key', async () => {
    const other = testSigner('key-other');
    const lines: string[] = [];
    const code = await runVerifyPackCli(
      [packPath, '--public-key', await keyFile(other.signer.publicKeyPem)],
      (l) => lines.push(l),
    );
    expect(code).toBe(1);
    const output = lines.join('\n');
    expect(output).toContain(
      'NOT VERIFIED: signature: manifest.sig is not a signature of manifest.json by the given key',
    );
    expect(output).toContain('WARNING: the public-key.pem inside the pack differs from the key given');
  });

  it('catches an OSCAL document that no longer validates against the schema', async () => {
    const { verification } = await tampered(
      replace('oscal/mapping-iso-42001-to-eu-ai-act.json', (d) =>
        Buffer.from(d.toString().replace('"intersects-with"', '"intersects with"')),
      ),
    );
    expect(verification.checks.find((c) => c.name === 'OSCAL')).toMatchObject({
      ok: false,
      details: [
        expect.stringMatching(
          /^oscal\/mapping-iso-42001-to-eu-ai-act.json is not valid OSCAL 1.2.1: .*relationship/,
        ),
      ],
    });
  });

  it('reports a file that is not a ZIP and bad usage', async () => {
    const notZip = join(dir, 'not.zip');
    await writeFile(notZip, 'hello');
    const lines: string[] = [];
    expect(await runVerifyPackCli([notZip], (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('NOT VERIFIED: zip: cannot read the archive');
    expect(await runVerifyPackCli([], (l) => lines.push(l))).toBe(2);
  });
});
