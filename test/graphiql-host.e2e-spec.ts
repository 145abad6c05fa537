import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createRuntime, RuntimeHandle } from '@aims/runtime';
import { createApiApp } from '../apps/api/src/api-app';
import { testConfig } from './support/app';

const TOKEN = 'pre-filled-demo-token';

describe('GraphiQL pre-filled token and the Host header', () => {
  let runtime: RuntimeHandle;
  let app: INestApplication;

  beforeAll(async () => {
    runtime = await createRuntime(testConfig(), { poolSize: 2, migrate: true });
    app = await createApiApp(runtime, undefined, undefined, {
      graphiql: { headers: () => ({ authorization: `Bearer ${TOKEN}` }) },
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
  });

  const page = (host: string) =>
    request(app.getHttpServer()).get('/graphql').set('accept', 'text/html').set('host', host);

  it.each(['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'LOCALHOST'])(
    'pre-fills the token for a loopback peer naming the server %s',
    async (host) => {
      const res = await page(host);
      expect(res.status).toBe(200);
      expect(res.text.includes(TOKEN)).toBe(true);
    },
  );

  it.each(['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]:3000'])(
    'serves the page without the token when the Host header names %s (DNS rebinding)',
    async (host) => {
      const res = await page(host);
      expect(res.status).toBe(200);
      expect(res.text.includes('<div id="root">')).toBe(true);
      expect(res.text.includes(TOKEN)).toBe(false);
    },
  );
});
