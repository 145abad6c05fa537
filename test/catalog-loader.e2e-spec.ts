import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  builtInCatalogDir,
  CatalogBatch,
  CatalogLoader,
  CatalogValidationError,
  Framework,
  loadBuiltInCatalogs,
  Mapping,
  MappingSet,
  readCatalogDirectory,
  Requirement,
} from '@aims/catalog';
import { startTestApp, TestApp } from './support/app';

const ISO_42001 = 'urn:aims:framework:iso-iec-42001:2023';
const req42001 = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back, so built-in rows other test files read stay as they are. */
async function rolledBack(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<void>,
): Promise<void> {
  try {
    await dataSource.transaction(async (manager) => {
      await fn(manager);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
}

async function builtInRows(manager: EntityManager) {
  const builtIn = { organisationId: IsNull() };
  return {
    frameworks: await manager.countBy(Framework, builtIn),
    requirements: await manager.countBy(Requirement, builtIn),
    current: await manager.countBy(Requirement, { organisationId: IsNull(), retiredAt: IsNull() }),
    mappingSets: await manager.countBy(MappingSet, builtIn),
    mappings: await manager.countBy(Mapping, builtIn),
  };
}

async function write(manager: EntityManager, batch: CatalogBatch) {
  const loader = new CatalogLoader(manager, null);
  const { problems, pairs } = await loader.check(batch);
  expect(problems).toEqual([]);
  return loader.write(batch, pairs, { force: true });
}

describe('catalog loader', () => {
  let t: TestApp;
  let dataSource: DataSource;
  const freshBatch = () => readCatalogDirectory(builtInCatalogDir());
  const iso42001 = (batch: CatalogBatch) =>
    batch.frameworks.find((f) => f.document.urn === ISO_42001)!.document;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.runtime.dataSource;
  });
  afterAll(() => t.close());

  it('has loaded exactly what the files hold at start-up', async () => {
    const batch = freshBatch();
    const requirements = batch.frameworks.reduce(
      (n, f) => n + Object.values(f.document.expectedCounts ?? {}).reduce((a, b) => a + b, 0),
      0,
    );
    const mappings = batch.mappingSets.reduce(
      (n, m) => n + m.document.mappings.reduce((k, row) => k + row.targets.length, 0),
      0,
    );
    expect(await builtInRows(dataSource.manager)).toEqual({
      frameworks: 6,
      requirements,
      current: requirements,
      mappingSets: 4,
      mappings,
    });
  });

  it('skips files whose content is already stored (a restart writes nothing)', async () => {
    const report = await loadBuiltInCatalogs(dataSource);
    expect(report.frameworks).toEqual([]);
    expect(report.mappingSets).toEqual([]);
  });

  it('is idempotent: loading twice leaves the same rows with the same ids', async () => {
    await rolledBack(dataSource, async (manager) => {
      const before = await builtInRows(manager);
      const ids = (
        await manager.find(Requirement, {
          select: { id: true, urn: true },
          where: { organisationId: IsNull() },
        })
      )
        .map((r) => `${r.urn} ${r.id}`)
        .sort();
      const first = await write(manager, freshBatch());
      expect(first.frameworks.map((f) => [f.created, f.changed])).toEqual(Array(6).fill([false, true]));
      expect(await builtInRows(manager)).toEqual(before);
      await write(manager, freshBatch());
      expect(await builtInRows(manager)).toEqual(before);
      const after = (
        await manager.find(Requirement, {
          select: { id: true, urn: true },
          where: { organisationId: IsNull() },
        })
      )
        .map((r) => `${r.urn} ${r.id}`)
        .sort();
      expect(after).toEqual(ids);
    });
  });

  it('updates a changed title and version in place, touching nothing else', async () => {
    await rolledBack(dataSource, async (manager) => {
      const before = await builtInRows(manager);
      const framework = await manager.findOneByOrFail(Framework, {
        urn: ISO_42001,
        organisationId: IsNull(),
      });
      const control = await manager.findOneByOrFail(Requirement, { urn: req42001('a.6.2.8') });
      const untouched = await manager.findOneByOrFail(Requirement, { urn: req42001('a.6.2.7') });

      const batch = freshBatch();
      const doc = iso42001(batch);
      doc.version = '2023/Amd 1';
      doc.requirements
        .find((r) => r.id === 'annex-a')!
        .children.find((r) => r.id === 'a.6')!
        .children.find((r) => r.id === 'a.6.2.8')!.title = 'Recording event logs';
      await write(manager, batch);

      expect(await builtInRows(manager)).toEqual(before);
      expect(await manager.findOneByOrFail(Framework, { id: framework.id })).toMatchObject({
        urn: ISO_42001,
        version: '2023/Amd 1',
      });
      const changed = await manager.findOneByOrFail(Requirement, { id: control.id });
      expect(changed.title).toBe('Recording event logs');
      expect(changed.updatedAt.getTime()).toBeGreaterThan(control.updatedAt.getTime());
      expect((await manager.findOneByOrFail(Requirement, { id: untouched.id })).updatedAt).toEqual(
        untouched.updatedAt,
      );
    });
  });

  it('retires a requirement that left its file instead of deleting it, and revives it when it returns', async () => {
    await rolledBack(dataSource, async (manager) => {
      const before = await builtInRows(manager);
      const batch = freshBatch();
      const area = iso42001(batch)
        .requirements.find((r) => r.id === 'annex-a')!
        .children.find((r) => r.id === 'a.10')!;
      area.children = area.children.filter((c) => c.id !== 'a.10.4');
      iso42001(batch).expectedCounts!.CONTROL = 37;

      const report = await write(manager, batch);
      expect(report.frameworks.find((f) => f.framework.urn === ISO_42001)!.retiredUrns).toEqual([
        req42001('a.10.4'),
      ]);
      expect(await builtInRows(manager)).toEqual({ ...before, current: before.current - 1 });
      const retired = await manager.findOneByOrFail(Requirement, { urn: req42001('a.10.4') });
      expect(retired.retiredAt).not.toBeNull();

      await write(manager, freshBatch());
      expect(await builtInRows(manager)).toEqual(before);
      expect((await manager.findOneByOrFail(Requirement, { urn: req42001('a.10.4') })).retiredAt).toBeNull();
    });
  });

  it('replaces the rows of a changed mapping set without touching the others', async () => {
    await rolledBack(dataSource, async (manager) => {
      const before = await builtInRows(manager);
      const batch = freshBatch();
      const set = batch.mappingSets.find(
        (m) => m.document.urn === 'urn:aims:mapping:nist-ai-rmf-1.0:iso-iec-42001-2023',
      )!;
      set.document.mappings[0].targets = set.document.mappings[0].targets.slice(0, 2);
      await write(manager, batch);
      expect(await builtInRows(manager)).toEqual({ ...before, mappings: before.mappings - 2 });
      await write(manager, freshBatch());
      expect(await builtInRows(manager)).toEqual(before);
    });
  });

  describe('with broken files', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-catalog-'));
      fs.mkdirSync(path.join(dir, 'frameworks'));
      fs.mkdirSync(path.join(dir, 'mappings'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const framework = (urn: string, slug: string) =>
      `urn: ${urn}\nslug: ${slug}\nname: T\nversion: '1'\nprovenance: { source: t }\nexpectedCounts: { CLAUSE: 1 }\n` +
      `requirements:\n  - { id: '1', refId: '1', title: One, kind: CLAUSE, assessable: true }\n`;

    it('fails listing every problem, and writes nothing', async () => {
      const before = await builtInRows(dataSource.manager);
      fs.writeFileSync(
        path.join(dir, 'frameworks/a.yaml'),
        framework('urn:aims:framework:a:1', 'a-1').replace('CLAUSE, assessable', 'CLAWS, assessable'),
      );
      fs.writeFileSync(
        path.join(dir, 'frameworks/b.yaml'),
        framework('bad-urn', 'b-1').replace("version: '1'", 'version: 1'),
      );
      const failure = loadBuiltInCatalogs(dataSource, { dir });
      await expect(failure).rejects.toBeInstanceOf(CatalogValidationError);
      const problems = ((await failure.catch((e: unknown) => e)) as CatalogValidationError).problems;
      expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual([
        'frameworks/a.yaml requirements[0].kind',
        'frameworks/a.yaml expectedCounts.CLAUSE',
        'frameworks/b.yaml urn',
        'frameworks/b.yaml version',
      ]);
      expect(await builtInRows(dataSource.manager)).toEqual(before);
    });

    it('refuses a valid file whose slug another built-in framework already uses', async () => {
      const before = await builtInRows(dataSource.manager);
      fs.writeFileSync(
        path.join(dir, 'frameworks/copy.yaml'),
        framework('urn:aims:framework:copy:1', 'iso-iec-42001-2023'),
      );
      await expect(loadBuiltInCatalogs(dataSource, { dir })).rejects.toThrow(
        /frameworks\/copy.yaml: slug: is already the slug of framework urn:aims:framework:iso-iec-42001:2023/,
      );
      expect(await builtInRows(dataSource.manager)).toEqual(before);
    });
  });
});
