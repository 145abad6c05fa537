import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import puppeteer, { Browser } from 'puppeteer-core';
import request from 'supertest';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { startTestApp, testConfig } from './support/app';
import { createOrg } from './support/factory';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('GraphiQL', () => {
  let runtime: RuntimeHandle;
  let app: INestApplication;
  let base: string;
  let token: string | undefined;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
    }
    runtime = await createRuntime(testConfig(), { poolSize: 4, migrate: true });
    app = await createApiApp(runtime, undefined, undefined, {
      graphiql: { headers: () => (token ? { authorization: `Bearer ${token}` } : undefined) },
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = (await createOrg(app.getHttpServer())).ownerToken;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.close();
  });

  it('loads with no request leaving the server and runs { me { role } } with the pre-filled token', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(base) && !/^(data|blob|about):/.test(url)) external.push(url);
    });
    await page.goto(`${base}/graphql`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });

    // Replace whatever the query editor holds (the editor may still be settling: check, retry), then run it.
    const editorText = () =>
      page.$eval('.graphiql-query-editor .view-lines', (el) => (el.textContent ?? '').replace(/\s+/g, ''));
    for (let attempt = 0; attempt < 5 && (await editorText()) !== '{me{role}}'; attempt++) {
      await page.click('.graphiql-query-editor .monaco-editor');
      await page.waitForSelector('.graphiql-query-editor .monaco-editor.focused', { timeout: 5000 });
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyA');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('{ me { role ', { delay: 20 });
      await page.keyboard.press('Escape'); // close the completion list the editor opened
    }
    expect(await editorText()).toBe('{me{role}}');
    // On a busy machine the completion list can still be open (and over the button) when the query is
    // typed: close it first, then run the query, clicking again if a click was lost.
    const completionOpen = () => page.evaluate(() => !!document.querySelector('.suggest-widget.visible'));
    for (let attempt = 0; attempt < 5 && (await completionOpen()); attempt++) {
      await page.keyboard.press('Escape');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const answered = () =>
      page.waitForFunction(
        () => /"role":\s*"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''),
        { timeout: 10000 },
      );
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.click('.graphiql-execute-button');
      lastError = await answered().then(
        () => undefined,
        (err: Error) => err,
      );
      if (!lastError) break;
    }
    if (lastError) {
      const seen = await page.evaluate(() => document.querySelector('.graphiql-container')?.textContent);
      throw new Error(`${lastError.message}; the page showed: ${seen?.slice(0, 1500)}`);
    }
    const response = await page.$eval('.graphiql-response', (el) => el.textContent ?? '');
    expect(response).toMatch(/"role":\s*"OWNER"/);
    expect(external).toEqual([]);
  }, 90000);

  it('answers API clients as before: only a browser asking for HTML gets the page', async () => {
    const http = app.getHttpServer();
    const html = await request(http).get('/graphql').set('accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<div id="root">');
    expect(html.text).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
    const api = await request(http).get('/graphql?query={__typename}').set('apollo-require-preflight', '1');
    expect(api.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('is off in production unless GRAPHQL_IDE=true', async () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), ENCRYPTION_KEY: 'a'.repeat(64) };
    const off = await startTestApp({ env: prod });
    try {
      const res = await request(off.http).get('/graphql').set('accept', 'text/html');
      expect(res.text ?? '').not.toContain('<div id="root">');
    } finally {
      await off.close();
    }
    const on = await startTestApp({ env: { ...prod, GRAPHQL_IDE: 'true' } });
    try {
      const res = await request(on.http).get('/graphql').set('accept', 'text/html');
      expect(res.text).toContain('<div id="root">');
    } finally {
      await on.close();
    }
  });
});
