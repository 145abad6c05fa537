import { createHmac, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
// Unknown words stay strings so that validation names the variable instead of guessing.
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean')
    return value === '' ? undefined : value;
  const word = String(value).toLowerCase();
  return TRUE.includes(word) ? true : FALSE.includes(word) ? false : value;
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Express's names for address ranges, accepted in TRUST_PROXY next to addresses and CIDR blocks. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Which peers may set X-Forwarded-For: none (`false`, the default), a number of hops, or a list of
 * addresses, CIDR blocks and range names. Undefined when the value is none of these.
 */
export function parseTrustProxy(value: string): false | number | string[] | undefined {
  const text = value.trim().toLowerCase();
  if (text === '' || FALSE.includes(text)) return false;
  if (/^\d+$/.test(text)) return Number(text) <= 10 ? Number(text) : undefined;
  const entries = text.split(',').map((e) => e.trim());
  const valid = entries.every(
    (e) => PROXY_RANGE_NAMES.includes(e) || ipaddr.isValid(e) || ipaddr.isValidCIDR(e),
  );
  return valid ? entries : undefined;
}

/**
 * Outside production a missing JWT_SECRET falls back to a random secret of this process: no secret that
 * anyone could read in the source signs tokens. The embedded start keeps generated secrets in its data
 * directory instead (`withGeneratedSecrets`), so its tokens survive a restart.
 */
let processSecret: string | undefined;
function randomProcessSecret(): string {
  processSecret ??= randomBytes(32).toString('base64url');
  return processSecret;
}

/** Secrets generated for a local installation (the embedded start keeps them in its data directory). */
export interface GeneratedSecrets {
  JWT_SECRET: string;
  URL_SIGNING_SECRET: string;
  ENCRYPTION_KEY: string;
}

/** Fresh random secrets in the formats AppConfig validates. */
export function generateSecrets(): GeneratedSecrets {
  return {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    URL_SIGNING_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
}

/**
 * Every setting AIMS reads from the environment. Validated once at boot; a bad value stops the process
 * with a message naming the variable. Documented in the README's configuration table.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** PostgreSQL connection string; when absent an embedded PostgreSQL is started under EMBEDDED_DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /** Redis connection string; when absent BullMQ runs on its PostgreSQL backend in the main database. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  EMBEDDED_DATA_DIR = '.data';

  /**
   * Port of the embedded PostgreSQL. Unset: 54329, or a free port when that one is taken, remembered in
   * EMBEDDED_DATA_DIR so later starts reuse it.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_DB_PORT?: number;

  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (required in production)' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /** Run the BullMQ worker inside the API process (the one-command start); set false when scaling separately. */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKER = true;

  /** Seed the demo organisation on first start. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  @Matches(/^[a-z0-9_-]+$/i, { message: 'QUEUE_PREFIX may hold letters, digits, - and _ only' })
  QUEUE_PREFIX = 'aims';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  OUTBOX_RELAY_INTERVAL_MS = 5000;

  /** How often the worker sweeps for due reassessment work (docs/domain-rules.md#scheduled-reassessment). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REASSESSMENT_SWEEP_INTERVAL_MS = 60000;

  /** How long an open reassessment task may stay past its due date before it escalates. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  REASSESSMENT_ESCALATION_DELAY_HOURS = 72;

  /** Due subjects handled per sweep transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  REASSESSMENT_BATCH_SIZE = 500;

  /** Failed logins allowed per email and client address in a 15-minute window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Requests allowed per API key per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_KEY_RATE_LIMIT = 600;

  /**
   * Seconds a verified membership or API key is reused without reading it again (0: read on every
   * request). Revocation, role changes and removals reach every replica at commit through a PostgreSQL
   * notification; this bounds the staleness only while a replica's notification connection is down.
   * Expiry is checked against the clock on every request either way.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CACHE_SECONDS = 5;

  /**
   * Proxies whose X-Forwarded-For is believed (the client address used by the login limit): none by
   * default, a hop count (`1`), or a comma-separated list of addresses and CIDR blocks.
   */
  @IsString()
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: () =>
        'TRUST_PROXY must be false, a hop count from 0 to 10, or a comma-separated list of addresses and CIDR blocks',
    },
  })
  TRUST_PROXY = 'false';

  /** Serve introspection (default: everywhere but production). */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** Serve GraphiQL to browsers at /graphql (default: everywhere but production). */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_IDE?: boolean;

  /** Most lexical tokens a query document may hold; the parser stops at the first one beyond. */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  GRAPHQL_MAX_TOKENS = 3000;

  /** Longest a query may spend resolving fields before it is cut short. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_EXECUTION_MS = 5000;

  /** Largest response a query may produce (approximate JSON size) before it is cut short. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  GRAPHQL_MAX_RESPONSE_BYTES = 5242880;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 15;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 500000;

  @IsString()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'REQUEST_BODY_LIMIT must look like 512kb or 1mb' })
  REQUEST_BODY_LIMIT = '1mb';

  /** Where evidence files are kept (content-addressed by sha256) when no object store is configured. */
  @IsString()
  @MinLength(1)
  EVIDENCE_STORAGE_DIR = '.data/evidence';

  /** Largest evidence upload accepted, in bytes (100 MiB by default); larger uploads get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EVIDENCE_MAX_BYTES = 104857600;

  /** Where evidence files and packs are kept: a local directory or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** S3 endpoint URL (MinIO, Ceph, R2, ...); unset for AWS S3 itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+\/?$/, {
    message: 'S3_ENDPOINT must be an http(s) origin such as http://minio:9000',
  })
  S3_ENDPOINT?: string;

  @IsString()
  @Matches(/^[a-z0-9-]+$/, { message: 'S3_REGION must be a region name such as us-east-1' })
  S3_REGION = 'us-east-1';

  /** The bucket; required when STORAGE_DRIVER=s3. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.STORAGE_DRIVER === 's3' || c.S3_BUCKET !== undefined)
  @IsString({ message: 'S3_BUCKET is required when STORAGE_DRIVER=s3' })
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots and hyphens)',
  })
  S3_BUCKET?: string;

  /** Key prefix for every object, e.g. `aims/` (a trailing slash is added when missing). */
  @IsString()
  @Matches(/^([A-Za-z0-9!_.*'()-]+\/)*[A-Za-z0-9!_.*'()-]*$/, {
    message: 'S3_PREFIX must be key segments separated by single slashes, without a leading slash',
  })
  S3_PREFIX = '';

  /** Path-style URLs (http://host/bucket/key), which MinIO and most self-hosted stores need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Static credentials; both unset: the SDK's default credential chain (environment, profile, role). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.S3_ACCESS_KEY_ID !== undefined || c.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'S3_ACCESS_KEY_ID must be set together with S3_SECRET_ACCESS_KEY' })
  @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.S3_ACCESS_KEY_ID !== undefined || c.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'S3_SECRET_ACCESS_KEY must be set together with S3_ACCESS_KEY_ID' })
  @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;

  /** createEvidenceUpload hands out presigned PUT URLs to the bucket, so bodies bypass the API. */
  @Transform(toBool)
  @IsBoolean()
  S3_DIRECT_UPLOADS = false;

  /** Staged objects (uploads that never completed) older than this are deleted by the cleanup job. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STAGED_OBJECT_MAX_AGE_HOURS = 24;

  /** How often the worker deletes abandoned staged objects. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  STORAGE_CLEANUP_INTERVAL_MS = 3600000;

  /** Lifetime of signed evidence upload and download URLs. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  EVIDENCE_URL_TTL_SECONDS = 300;

  /** How long a finished evidence pack is kept before it is removed (the export job stays as history). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PACK_RETENTION_DAYS = 30;

  /** Origin clients reach the API at, used to build signed URLs; defaults to http://localhost:PORT. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s) URL without a trailing slash, query or fragment',
  })
  PUBLIC_BASE_URL?: string;

  /**
   * Key for signed evidence URLs. When unset it is derived from the JWT secret under its own label, so
   * one secret never signs two kinds of token the same way.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'URL_SIGNING_SECRET must be at least 32 characters' })
  URL_SIGNING_SECRET?: string;

  /**
   * Key that encrypts secrets at rest (webhook secrets, pack signing keys): 32 bytes as base64 or 64 hex
   * digits. Required in production; in development it is derived from the JWT secret under its own label.
   */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.ENCRYPTION_KEY !== undefined)
  @IsString()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'ENCRYPTION_KEY must be 32 bytes as 64 hex digits or base64 (required in production)',
  })
  ENCRYPTION_KEY?: string;

  /** Allow plain http:// webhook URLs (development and tests); production endpoints should use https. */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /**
   * Allow webhook URLs that resolve to loopback, private, link-local, CGNAT or multicast addresses. Off by
   * default so that an organisation cannot make the worker call into the deployment's own network.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /** Deliveries sent at once by one worker process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_CONCURRENCY = 50;

  /** How long delivery logs (deliveries and their attempts) are kept after their last attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_LOG_RETENTION_DAYS = 30;

  /** How often the worker re-queues due retries the queue lost and prunes old delivery logs. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_SWEEP_INTERVAL_MS = 60000;

  get jwtSecret(): string {
    return this.JWT_SECRET ?? randomProcessSecret();
  }

  /** True when tokens are signed with a secret that ends with this process (JWT_SECRET unset). */
  get ephemeralJwtSecret(): boolean {
    return this.JWT_SECRET === undefined;
  }

  /** Fills the secrets that are not configured with `secrets`; configured ones always win. */
  withGeneratedSecrets(secrets: GeneratedSecrets): this {
    this.JWT_SECRET ??= secrets.JWT_SECRET;
    this.URL_SIGNING_SECRET ??= secrets.URL_SIGNING_SECRET;
    this.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
    return this;
  }

  get trustProxy(): false | number | string[] {
    return parseTrustProxy(this.TRUST_PROXY) ?? false;
  }

  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? this.NODE_ENV !== 'production';
  }

  get graphiql(): boolean {
    return this.GRAPHQL_IDE ?? this.NODE_ENV !== 'production';
  }

  get embeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
  }

  /** S3_PREFIX with its trailing slash ('' for none). */
  get s3Prefix(): string {
    return this.S3_PREFIX === '' || this.S3_PREFIX.endsWith('/') ? this.S3_PREFIX : `${this.S3_PREFIX}/`;
  }

  get encryptionKey(): Buffer {
    if (this.ENCRYPTION_KEY) {
      return /^[0-9a-fA-F]{64}$/.test(this.ENCRYPTION_KEY)
        ? Buffer.from(this.ENCRYPTION_KEY, 'hex')
        : Buffer.from(this.ENCRYPTION_KEY, 'base64');
    }
    return createHmac('sha256', this.jwtSecret).update('aims:encryption-at-rest:v1').digest();
  }

  get urlSigningKey(): Buffer {
    return this.URL_SIGNING_SECRET
      ? Buffer.from(this.URL_SIGNING_SECRET, 'utf8')
      : createHmac('sha256', this.jwtSecret).update('aims:evidence-url-signing:v1').digest();
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Builds and validates the configuration from an environment map (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, string | undefined> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'EMBEDDED_DB_PORT',
    'S3_ENDPOINT',
    'S3_BUCKET',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ]) {
    if (env[key] !== undefined) picked[key] = env[key];
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false }).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
  );
  if (config.S3_DIRECT_UPLOADS === true && config.STORAGE_DRIVER !== 's3') {
    problems.push('S3_DIRECT_UPLOADS: direct uploads need STORAGE_DRIVER=s3 (got true)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
