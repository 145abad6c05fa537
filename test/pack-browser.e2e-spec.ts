import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { writePack } from '../libs/exports/src/pack';
import { packFixture } from './support/pack-fixture';
import { run } from './support/pack-zip';

const CHROMIUM = '/usr/bin/chromium';

/**
 * index.html of an extracted pack opened from file:// in real headless Chromium: it renders, the risk
 * heatmaps show the expected counts per likelihood × consequence cell, nothing is logged as an error and
 * no request leaves the file system (any other request is intercepted, failed and counted).
 */
describe('evidence pack index.html in a browser', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const offFile: string[] = [];
  const errors: string[] = [];
  let heatmaps: Record<string, { cell: string; count: number; label: string }[]>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is required at ${CHROMIUM} for this test (apt-get install chromium); it does not skip`,
      );
    dir = await mkdtemp(join(tmpdir(), 'aims-browser-'));
    const fixture = await packFixture(dir);
    const zip = join(dir, 'pack.zip');
    await writePack(fixture.content, fixture.signer, createWriteStream(zip));
    expect(run('unzip', ['-q', zip, '-d', join(dir, 'pack')]).status).toBe(0);

    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('file://')) return void request.continue();
      offFile.push(request.url());
      return void request.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    const response = await page.goto(pathToFileURL(join(dir, 'pack', 'index.html')).href, {
      waitUntil: 'load',
    });
    expect(response?.ok() ?? true).toBe(true);
    heatmaps = {};
    for (const kind of ['inherent', 'residual']) {
      heatmaps[kind] = await page.$$eval(`#heatmap-${kind} g.cell`, (cells) =>
        cells.map((c) => ({
          cell: `${c.getAttribute('data-likelihood')}:${c.getAttribute('data-consequence')}`,
          count: Number(c.getAttribute('data-count')),
          label: c.querySelector('text')?.textContent ?? '',
        })),
      );
    }
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders the page: title, sections and tables with their rows', async () => {
    expect(await page.title()).toBe('Evidence pack: Acme AI & Sons <Ltd>, AIMS FY2026');
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('Evidence pack: Acme AI & Sons <Ltd>');
    const sections = await page.$$eval('section', (list) => list.map((s) => s.id));
    expect(sections).toEqual([
      'summary',
      'coverage',
      'checklist',
      'soa',
      'risks',
      'audits',
      'nonconformities',
      'reviews',
      'evidence',
      'files',
    ]);
    expect(await page.$$eval('#evidence tbody tr', (rows) => rows.length)).toBe(5);
    expect(await page.$$eval('#risks tbody tr', (rows) => rows.length)).toBe(6);
    const box = await page.$eval('#heatmap-inherent', (svg) => svg.getBoundingClientRect().width);
    expect(box).toBeGreaterThan(200);
    // Text that looks like markup is shown as text, not run.
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
    expect(await page.$eval('#risks', (s) => s.textContent)).toContain(
      'Model drift <script>alert(1)</script>',
    );
  });

  it('draws a 5 × 5 heatmap of inherent and of residual risk with the count in each cell', () => {
    const counts = (kind: string) =>
      Object.fromEntries(heatmaps[kind].filter((c) => c.count > 0).map((c) => [c.cell, c.count]));
    expect(heatmaps.inherent).toHaveLength(25);
    expect(heatmaps.residual).toHaveLength(25);
    expect(counts('inherent')).toEqual({ '4:4': 2, '3:5': 1, '2:3': 1, '5:5': 1 });
    expect(counts('residual')).toEqual({ '2:3': 2, '2:2': 1, '3:2': 1 });
    for (const kind of ['inherent', 'residual'])
      for (const c of heatmaps[kind]) expect(c.label).toBe(c.count ? String(c.count) : '');
  });

  it('logs no error and attempts no request outside the pack', () => {
    expect(errors).toEqual([]);
    expect(offFile).toEqual([]);
  });
});
