import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, readdir, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ObjectMissing, ObjectTooLarge } from './evidence-storage';
import { LocalEvidenceStorage } from './local-evidence-storage';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('LocalEvidenceStorage', () => {
  let dir: string;
  let storage: LocalEvidenceStorage;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aims-evidence-'));
    storage = new LocalEvidenceStorage(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const staged = async () => readdir(path.join(dir, 'tmp')).catch(() => [] as string[]);

  it('stages while hashing, and only commit makes the object readable under its hash', async () => {
    const body = 'evidence body';
    const object = await storage.stage(Readable.from([Buffer.from('evidence '), Buffer.from('body')]), 1000);
    expect(object).toMatchObject({ sha256: sha(body), size: body.length });
    expect(await storage.exists(object.sha256)).toBe(false);

    await storage.commit(object);
    expect(await storage.exists(object.sha256)).toBe(true);
    expect(await text(await storage.open(object.sha256))).toBe(body);
    expect(storage.objectPath(object.sha256)).toBe(
      path.join(dir, 'sha256', object.sha256.slice(0, 2), object.sha256.slice(2, 4), object.sha256),
    );
    expect(await staged()).toEqual([]);
  });

  it('refuses a body past the limit and leaves nothing behind', async () => {
    await expect(storage.stage(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toThrow(
      ObjectTooLarge,
    );
    expect(await staged()).toEqual([]);
  });

  it('leaves nothing behind when the body fails midway', async () => {
    const body = new Readable({ read() {} });
    const pending = storage.stage(body, 1000);
    body.push(Buffer.from('partial'));
    body.destroy(new Error('client went away'));
    await expect(pending).rejects.toThrow();
    expect(await staged()).toEqual([]);
  });

  it('discards a staged object', async () => {
    const object = await storage.stage(Readable.from([Buffer.from('x')]), 10);
    await storage.discard(object);
    expect(await staged()).toEqual([]);
    expect(await storage.exists(object.sha256)).toBe(false);
  });

  it('repairs a damaged object when the same content is committed again', async () => {
    const first = await storage.stage(Readable.from([Buffer.from('same')]), 10);
    await storage.commit(first);
    const file = storage.objectPath(first.sha256);
    await chmod(file, 0o640);
    await writeFile(file, 'damaged');
    await storage.commit(await storage.stage(Readable.from([Buffer.from('same')]), 10));
    expect((await readFile(file)).toString()).toBe('same');
  });

  it('keeps packs in a space of their own, which can be removed', async () => {
    const pack = await storage.stage(Readable.from([Buffer.from('pack')]), 10);
    await storage.commit(pack, 'packs');
    expect(await storage.exists(pack.sha256)).toBe(false);
    expect(await storage.exists(pack.sha256, 'packs')).toBe(true);
    expect(storage.objectPath(pack.sha256, 'packs')).toBe(
      path.join(dir, 'packs', 'sha256', pack.sha256.slice(0, 2), pack.sha256.slice(2, 4), pack.sha256),
    );
    expect(await text(await storage.open(pack.sha256, 'packs'))).toBe('pack');
    await storage.remove(pack.sha256, 'packs');
    expect(await storage.exists(pack.sha256, 'packs')).toBe(false);
  });

  it('reports a missing object', async () => {
    await expect(storage.open(sha('nothing'))).rejects.toThrow(ObjectMissing);
    expect(() => storage.objectPath('../../etc/passwd')).toThrow();
  });
});
