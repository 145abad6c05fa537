import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyPackCli, writePack } from '../libs/exports/src/pack';
import { packFixture } from './support/pack-fixture';
import { readZip, run, writeZip } from './support/pack-zip';

/** The ZIP64 end of central directory record and its locator. */
const ZIP64_END = Buffer.from([0x50, 0x4b, 0x06, 0x06]);
const ZIP64_END_LOCATOR = Buffer.from([0x50, 0x4b, 0x06, 0x07]);

/**
 * A pack past 4 GiB or 65,535 entries is a ZIP64 archive (yazl switches by itself). Writing one that big
 * takes minutes (yazl 3.3.1 rescans its entry list on every entry, so time grows with the square of the
 * entries), so the pack here is a real one with every ZIP64 record forced: the same files, manifest and
 * signature, in ZIP64 form. `unzip -t` and the offline verifier must accept it.
 */
describe('evidence pack in ZIP64 form', () => {
  let dir: string;
  let zip64Path: string;
  let keyPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-pack-zip64-'));
    const fixture = await packFixture(dir);
    const packPath = join(dir, 'pack.zip');
    await writePack(fixture.content, fixture.signer, createWriteStream(packPath));
    zip64Path = join(dir, 'pack-zip64.zip');
    const entries = (await readZip(packPath)).map((e) => ({ name: e.name, data: e.data }));
    await writeZip(zip64Path, entries, { forceZip64Format: true });
    keyPath = join(dir, 'org-key.pem');
    await writeFile(keyPath, fixture.signer.publicKeyPem);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the ZIP64 end of central directory and its locator', async () => {
    const bytes = await readFile(zip64Path);
    // Locator (20 bytes) then the classic end record (22 bytes, no comment) close the file.
    expect(bytes.subarray(bytes.length - 42, bytes.length - 38)).toEqual(ZIP64_END_LOCATOR);
    expect(bytes.indexOf(ZIP64_END)).toBeGreaterThan(0);
  });

  it('passes unzip -t', () => {
    const { status, output } = run('unzip', ['-tq', zip64Path]);
    expect({ status, output: output.trim() }).toEqual({
      status: 0,
      output: `No errors detected in compressed data of ${zip64Path}.`,
    });
  });

  it('passes the offline verifier against the signing key', async () => {
    const lines: string[] = [];
    const code = await runVerifyPackCli([zip64Path, '--public-key', keyPath], (line) => lines.push(line));
    expect({ code, last: lines[lines.length - 1] }).toEqual({
      code: 0,
      last: 'VERIFIED: every check passed.',
    });
  });
});
