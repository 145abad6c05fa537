import { Logger } from '@nestjs/common';
import {
  createPostgresBackend,
  Job,
  Queue,
  QueueOptions,
  runMigrations,
  Worker,
  WorkerOptions,
} from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { isStopping } from '../observability/stopping';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue-names';

export type QueueBackendKind = 'redis' | 'postgres';

const POSTGRES_POOL_MIN = 4;
const POSTGRES_POOL_MAX = 20;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQueue = Queue<any, any, any, any, any, any, any, any>;

/**
 * Decides the BullMQ backend from configuration, in one place: Redis (through ioredis) when REDIS_URL is
 * set, otherwise BullMQ's PostgreSQL backend in the main database. Queues are created lazily and cached;
 * workers are created by the worker app.
 */
export class QueueConnection {
  readonly kind: QueueBackendKind;
  private readonly logger = new Logger(QueueConnection.name);
  private readonly queues = new Map<QueueName, AnyQueue>();
  private redis?: IORedis;
  private migrated?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    this.kind = config.REDIS_URL ? 'redis' : 'postgres';
  }

  /** Creates BullMQ's tables in the `bullmq` schema when running on PostgreSQL (idempotent, locked). */
  async prepare(): Promise<void> {
    if (this.kind !== 'postgres') return;
    this.migrated ??= (async () => {
      const client = new Client({ connectionString: this.databaseUrl });
      client.on('error', (err) => this.connectionError('queue migrations', err));
      await client.connect();
      try {
        await runMigrations(client, this.postgresSchema);
      } finally {
        await client.end();
      }
    })();
    await this.migrated;
  }

  private redisConnection(): IORedis {
    this.redis ??= new IORedis(this.config.REDIS_URL as string, {
      maxRetriesPerRequest: null,
      lazyConnect: false,
    });
    return this.redis;
  }

  /**
   * On PostgreSQL every queue and worker holds a pool of its own: 4 connections, or for a worker one per
   * job it runs at once up to 20 (each job in flight fetches, extends and finishes through the pool).
   */
  private baseOptions(connections = POSTGRES_POOL_MIN): { prefix: string; connection: unknown } {
    if (this.kind === 'redis')
      return { prefix: this.config.QUEUE_PREFIX, connection: this.redisConnection() };
    return {
      prefix: this.config.QUEUE_PREFIX,
      connection: {
        connectionString: this.databaseUrl,
        schema: this.postgresSchema,
        max: Math.min(Math.max(connections, POSTGRES_POOL_MIN), POSTGRES_POOL_MAX),
      },
    };
  }

  /** On PostgreSQL the namespace is a schema (BullMQ ignores the key prefix there). */
  private get postgresSchema(): string {
    return `bullmq_${this.config.QUEUE_PREFIX.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  }

  queue<T = unknown>(name: QueueName): Queue<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      const opts = { ...this.baseOptions(), defaultJobOptions: DEFAULT_JOB_OPTIONS } as QueueOptions;
      const created: AnyQueue =
        this.kind === 'redis' ? new Queue(name, opts) : new Queue(name, opts as never, createPostgresBackend);
      created.on('error', (err: Error) => this.connectionError(`queue ${name}`, err));
      this.queues.set(name, created);
      queue = created;
    }
    return queue as Queue<T>;
  }

  worker<T = unknown, R = unknown>(
    name: QueueName,
    processor: (job: Job<T, R>, token?: string) => Promise<R>,
    options: Partial<WorkerOptions> = {},
  ): Worker<T, R> {
    const opts = { ...this.baseOptions(options.concurrency ?? 1), ...options } as WorkerOptions;
    const worker =
      this.kind === 'redis'
        ? new Worker<T, R>(name, processor, opts)
        : new Worker<T, R>(name, processor, opts as never, createPostgresBackend as never);
    worker.on('error', (err) => this.connectionError(`worker ${name}`, err));
    return worker;
  }

  /**
   * Closes a worker made by `worker()`. On PostgreSQL, a worker closed before it finished connecting
   * opens its LISTEN connection afterwards and keeps the process from exiting (a worker closed right
   * after its start, as in tests): it finishes connecting first. Not on Redis, where a worker waits for
   * readiness for as long as Redis is down.
   */
  async closeWorker(worker: Worker): Promise<void> {
    if (this.kind === 'postgres') await worker.waitUntilReady().catch(() => undefined);
    await worker.close();
  }

  /** Lost connections are worth a warning, except while the process is stopping. */
  private connectionError(source: string, err: Error): void {
    const entry = { msg: 'queue connection error', source, error: err.message };
    if (isStopping()) this.logger.debug(entry);
    else this.logger.warn(entry);
  }

  /** Round trip to the queue backend, used by /health/ready. */
  async ping(timeoutMs = 2000): Promise<void> {
    const check = this.queue(QueueName.Outbox).getJobCounts('waiting');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('queue backend did not answer')), timeoutMs);
    });
    try {
      await Promise.race([check, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    if (this.redis) {
      this.redis.disconnect();
      this.redis = undefined;
    }
  }
}
