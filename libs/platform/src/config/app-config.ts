import { createHmac } from 'node:crypto';
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

export const DEV_JWT_SECRET = 'aims-development-only-secret-change-me-0123456789';

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

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_DB_PORT = 54329;

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

  /** How often the worker sweeps for due reassessment work (SPEC §10). */
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

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 15;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 20000;

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

  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEV_JWT_SECRET;
  }

  get embeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
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
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) {
    if (env[key] !== undefined) picked[key] = env[key];
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) =>
          `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
      ),
    );
  }
  return config;
}
