import * as fs from 'node:fs';
import * as path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { startTestApp, TestApp } from './support/app';

const SCHEMA_FILE = path.join(__dirname, '..', 'schema.gql');

/** The committed schema.gql is the public contract; it must match what the code builds. */
describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is up to date (regenerate with `npm run schema:generate`)', () => {
    const built = `${printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema))}\n`;
    if (process.env.UPDATE_SCHEMA) fs.writeFileSync(SCHEMA_FILE, built);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(committed).toEqual(built);
  });
});
