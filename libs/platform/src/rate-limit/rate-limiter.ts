import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../database/clock';
import { rawWrite } from '../database/raw-write';
import { RateLimited } from '../errors/domain-errors';

/** A Redis command of the limiter that has not answered after this long fails, and PostgreSQL counts. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * Counts hits per key in fixed windows shared by every replica: in Redis (`INCR`, the key expiring with
 * its window) when REDIS_URL is set, otherwise in PostgreSQL (the embedded start has no Redis). The
 * limiter holds a Redis connection of its own that never queues nor retries a command and gives up on
 * one after 500 ms: while Redis is unreachable the window is counted in PostgreSQL, so logins and API-key
 * requests keep answering instead of waiting for Redis to come back.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis?: IORedis;
  /** Whether the last command failed: the switch to PostgreSQL and back is logged once per outage. */
  private degraded = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    if (config.REDIS_URL) {
      this.redis = new IORedis(config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        lazyConnect: true,
      });
      // Reconnection attempts fail while Redis is down; the switch to PostgreSQL is what the log reports.
      this.redis.on('error', (err: Error) =>
        this.logger.debug({ msg: 'rate limit Redis connection failed', error: err.message }),
      );
    }
  }

  /** Connects before the first request (commands are never queued); an unreachable Redis does not stop the boot. */
  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch((err: Error) => {
      this.degraded = true;
      this.logger.warn({ msg: 'rate limits counted in PostgreSQL: Redis failed', error: err.message });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }

  /** Records one hit and throws RATE_LIMITED when the window already holds `limit` hits. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const count = await this.increment(key, windowSeconds);
    if (count > limit) throw new RateLimited(this.secondsLeft(windowSeconds));
  }

  /** Throws RATE_LIMITED when the window is full, without counting (for "failures only" limits). */
  async check(key: string, limit: number, windowSeconds: number): Promise<void> {
    const counted = await this.inRedis((redis) => redis.get(this.redisKey(key, windowSeconds)));
    if (counted !== undefined) {
      if (Number(counted ?? 0) >= limit) throw new RateLimited(this.secondsLeft(windowSeconds));
      return;
    }
    const rows: { count: number }[] = await this.dataSource.query(
      'SELECT count FROM rate_limit_bucket WHERE key = $1 AND window_start = $2',
      [key, this.windowStart(windowSeconds)],
    );
    if ((rows[0]?.count ?? 0) >= limit) throw new RateLimited(this.secondsLeft(windowSeconds));
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const counted = await this.inRedis(async (redis) => {
      const redisKey = this.redisKey(key, windowSeconds);
      const replies = await redis
        .multi()
        .incr(redisKey)
        .expire(redisKey, windowSeconds + 60)
        .exec();
      const [err, count] = replies?.[0] ?? [new Error('rate limit counter: no reply from Redis')];
      if (err) throw err;
      return Number(count);
    });
    if (counted !== undefined) return counted;
    const { rows } = await rawWrite<{ count: number }>(
      this.dataSource.manager,
      `INSERT INTO rate_limit_bucket (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_bucket.count + 1
       RETURNING count`,
      [key, this.windowStart(windowSeconds)],
    );
    return rows[0].count;
  }

  /**
   * Runs a command on the limiter's Redis; undefined when there is no Redis or it failed (unreachable,
   * timed out), and the caller counts in PostgreSQL instead.
   */
  private async inRedis<T>(command: (redis: IORedis) => Promise<T>): Promise<T | undefined> {
    if (!this.redis) return undefined;
    try {
      const result = await command(this.redis);
      if (this.degraded) this.logger.log({ msg: 'rate limits counted in Redis again' });
      this.degraded = false;
      return result;
    } catch (err) {
      if (!this.degraded)
        this.logger.warn({
          msg: 'rate limits counted in PostgreSQL: Redis failed',
          error: (err as Error).message,
        });
      this.degraded = true;
      return undefined;
    }
  }

  /** Redis keys live in the queue prefix's namespace and expire a minute after their window. */
  private redisKey(key: string, windowSeconds: number): string {
    return `${this.config.QUEUE_PREFIX}:rate-limit:${key}:${this.windowStart(windowSeconds).getTime()}`;
  }

  /** Drops windows that ended more than a day ago (called by the maintenance job). */
  async prune(): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_bucket WHERE window_start < $1`, [
      new Date(this.clock.now().getTime() - 86_400_000),
    ]);
  }

  private windowStart(windowSeconds: number): Date {
    const ms = windowSeconds * 1000;
    return new Date(Math.floor(this.clock.now().getTime() / ms) * ms);
  }

  private secondsLeft(windowSeconds: number): number {
    const ms = windowSeconds * 1000;
    const now = this.clock.now().getTime();
    return Math.ceil((Math.floor(now / ms) * ms + ms - now) / 1000);
  }
}
