import { AppConfig, ConfigError, generateSecrets, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies documented defaults when nothing is set (embedded start)', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      RUN_WORKER: true,
      JWT_TTL_SECONDS: 900,
    });
    expect(config.embeddedDatabase).toBe(true);
    expect(config.EMBEDDED_DB_PORT).toBeUndefined();
  });

  it('signs with no secret from the source: unset, the JWT secret is random per process', () => {
    const config = loadConfig({});
    expect(config.ephemeralJwtSecret).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).jwtSecret).toBe(config.jwtSecret);
    expect(config.jwtSecret).not.toMatch(/development|change-me/i);
  });

  it('fills unset secrets with generated ones, configured ones win, and they validate', () => {
    const generated = generateSecrets();
    expect(generateSecrets()).not.toEqual(generated);
    const config = loadConfig({ JWT_SECRET: 'c'.repeat(32) }).withGeneratedSecrets(generated);
    expect(config.jwtSecret).toBe('c'.repeat(32));
    expect(config.urlSigningKey.toString()).toBe(generated.URL_SIGNING_SECRET);
    expect(config.encryptionKey).toEqual(Buffer.from(generated.ENCRYPTION_KEY, 'hex'));
    expect(loadConfig({ NODE_ENV: 'production', ...generated })).toMatchObject(generated);
  });

  it('still requires the secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*ENCRYPTION_KEY/);
  });

  it('reads and converts values', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/aims',
      REDIS_URL: 'redis://cache:6379',
      RUN_WORKER: 'false',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(config).toMatchObject({ PORT: 8080, RUN_WORKER: false, REDIS_URL: 'redis://cache:6379' });
    expect(config.embeddedDatabase).toBe(false);
  });

  it('defaults the evidence settings and derives the URL signing key from the JWT secret', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(config).toMatchObject({
      EVIDENCE_STORAGE_DIR: '.data/evidence',
      EVIDENCE_MAX_BYTES: 104857600,
      EVIDENCE_URL_TTL_SECONDS: 300,
    });
    expect(config.publicBaseUrl).toBe('http://localhost:8080');
    // A distinct key: a signed URL can never pass for an access token or the reverse.
    expect(config.urlSigningKey.equals(Buffer.from(config.jwtSecret))).toBe(false);
    expect(loadConfig({ JWT_SECRET: 'y'.repeat(40) }).urlSigningKey).not.toEqual(config.urlSigningKey);
  });

  it('reads the evidence settings', () => {
    const config = loadConfig({
      EVIDENCE_STORAGE_DIR: '/var/lib/aims/evidence',
      EVIDENCE_MAX_BYTES: '1048576',
      EVIDENCE_URL_TTL_SECONDS: '60',
      PUBLIC_BASE_URL: 'https://aims.example/api',
      URL_SIGNING_SECRET: 's'.repeat(32),
    });
    expect(config).toMatchObject({
      EVIDENCE_STORAGE_DIR: '/var/lib/aims/evidence',
      EVIDENCE_MAX_BYTES: 1048576,
      EVIDENCE_URL_TTL_SECONDS: 60,
    });
    expect(config.publicBaseUrl).toBe('https://aims.example/api');
    expect(config.urlSigningKey.toString()).toBe('s'.repeat(32));
  });

  it('reads the encryption key as hex or base64, or derives it in development', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ ENCRYPTION_KEY: hex }).encryptionKey).toEqual(Buffer.from(hex, 'hex'));
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ENCRYPTION_KEY: b64 }).encryptionKey).toEqual(Buffer.alloc(32, 7));
    const derived = loadConfig({ JWT_SECRET: 'j'.repeat(32) }).encryptionKey;
    expect(derived).toHaveLength(32);
    expect(derived).not.toEqual(loadConfig({ JWT_SECRET: 'j'.repeat(32) }).urlSigningKey);
    expect(derived).not.toEqual(loadConfig({ JWT_SECRET: 'k'.repeat(32) }).encryptionKey);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', DATABASE_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL_SECONDS: '5' }, 'JWT_TTL_SECONDS'],
    [{ RUN_WORKER: 'maybe' }, 'RUN_WORKER'],
    [{ REQUEST_BODY_LIMIT: 'lots' }, 'REQUEST_BODY_LIMIT'],
    [{ QUEUE_PREFIX: 'a b' }, 'QUEUE_PREFIX'],
    [{ EVIDENCE_MAX_BYTES: '0' }, 'EVIDENCE_MAX_BYTES'],
    [{ EVIDENCE_MAX_BYTES: 'big' }, 'EVIDENCE_MAX_BYTES'],
    [{ EVIDENCE_URL_TTL_SECONDS: '5' }, 'EVIDENCE_URL_TTL_SECONDS'],
    [{ EVIDENCE_URL_TTL_SECONDS: '7200' }, 'EVIDENCE_URL_TTL_SECONDS'],
    [{ PUBLIC_BASE_URL: 'ftp://aims.example' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://aims.example/' }, 'PUBLIC_BASE_URL'],
    [{ URL_SIGNING_SECRET: 'short' }, 'URL_SIGNING_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32) }, 'ENCRYPTION_KEY'],
    [{ ENCRYPTION_KEY: 'abc' }, 'ENCRYPTION_KEY'],
    [{ ENCRYPTION_KEY: 'a'.repeat(63) }, 'ENCRYPTION_KEY'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ GRAPHQL_INTROSPECTION: 'maybe' }, 'GRAPHQL_INTROSPECTION'],
    [{ GRAPHQL_MAX_TOKENS: '10' }, 'GRAPHQL_MAX_TOKENS'],
  ])('stops with a message naming the variable for %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', NODE_ENV: 'nope' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['NODE_ENV', 'PORT']);
    }
  });

  it('defaults to local storage and asks nothing of S3 then', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      STORAGE_DRIVER: 'local',
      S3_DIRECT_UPLOADS: false,
      PACK_RETENTION_DAYS: 30,
      STAGED_OBJECT_MAX_AGE_HOURS: 24,
    });
    expect(config.S3_BUCKET).toBeUndefined();
  });

  it('reads the S3 settings and normalises the prefix', () => {
    const config = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_REGION: 'eu-central-1',
      S3_BUCKET: 'aims-evidence',
      S3_PREFIX: 'prod/aims',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_DIRECT_UPLOADS: 'yes',
      PACK_RETENTION_DAYS: '90',
    });
    expect(config).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'aims-evidence',
      S3_FORCE_PATH_STYLE: true,
      S3_DIRECT_UPLOADS: true,
      PACK_RETENTION_DAYS: 90,
    });
    expect(config.s3Prefix).toBe('prod/aims/');
    expect(loadConfig({ S3_PREFIX: 'x/' }).s3Prefix).toBe('x/');
    expect(loadConfig({}).s3Prefix).toBe('');
  });

  it('names every bad storage variable at once', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: 'minio:9000',
        S3_REGION: 'EU Central',
        S3_PREFIX: '/leading',
        S3_FORCE_PATH_STYLE: 'maybe',
        S3_ACCESS_KEY_ID: 'only-the-key',
        PACK_RETENTION_DAYS: '0',
      });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    const named = problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(
      [
        'PACK_RETENTION_DAYS',
        'S3_BUCKET',
        'S3_ENDPOINT',
        'S3_FORCE_PATH_STYLE',
        'S3_PREFIX',
        'S3_REGION',
        'S3_SECRET_ACCESS_KEY',
      ].sort(),
    );
  });

  it('refuses direct uploads without the S3 driver and an unknown driver', () => {
    expect(() => loadConfig({ S3_DIRECT_UPLOADS: 'true' })).toThrow(/S3_DIRECT_UPLOADS/);
    expect(() => loadConfig({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['1', 1],
    ['10.0.0.0/8, fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
    ['loopback,192.0.2.7', ['loopback', '192.0.2.7']],
  ])('reads TRUST_PROXY=%j as %j (no proxy trusted by default)', (value, trust) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });

  it('turns introspection and the IDE off in production unless asked', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), ENCRYPTION_KEY: 'a'.repeat(64) };
    expect(loadConfig({})).toMatchObject({ introspection: true, graphiql: true });
    expect(loadConfig(prod)).toMatchObject({ introspection: false, graphiql: false });
    expect(loadConfig({ ...prod, GRAPHQL_INTROSPECTION: 'true', GRAPHQL_IDE: '1' })).toMatchObject({
      introspection: true,
      graphiql: true,
    });
  });
});
