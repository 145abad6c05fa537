import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../database/clock';
import { rawWrite } from '../database/raw-write';
import { RateLimited } from '../errors/domain-errors';
import { QueueConnection } from '../queue/queue-connection';

/**
 * Counts hits per key in fixed windows shared by every replica: in Redis (`INCR`, the key expiring with
 * its window) when REDIS_URL is set, otherwise in PostgreSQL (the embedded start has no Redis).
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly queues: QueueConnection,
    private readonly config: AppConfig,
  ) {}

  /** Records one hit and throws RATE_LIMITED when the window already holds `limit` hits. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const count = await this.increment(key, windowSeconds);
    if (count > limit) throw new RateLimited(this.secondsLeft(windowSeconds));
  }

  /** Throws RATE_LIMITED when the window is full, without counting (for "failures only" limits). */
  async check(key: string, limit: number, windowSeconds: number): Promise<void> {
    const redis = this.queues.sharedRedis();
    if (redis) {
      const count = Number((await redis.get(this.redisKey(key, windowSeconds))) ?? 0);
      if (count >= limit) throw new RateLimited(this.secondsLeft(windowSeconds));
      return;
    }
    const rows: { count: number }[] = await this.dataSource.query(
      'SELECT count FROM rate_limit_bucket WHERE key = $1 AND window_start = $2',
      [key, this.windowStart(windowSeconds)],
    );
    if ((rows[0]?.count ?? 0) >= limit) throw new RateLimited(this.secondsLeft(windowSeconds));
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const redis = this.queues.sharedRedis();
    if (redis) {
      const redisKey = this.redisKey(key, windowSeconds);
      const replies = await redis
        .multi()
        .incr(redisKey)
        .expire(redisKey, windowSeconds + 60)
        .exec();
      const [err, count] = replies?.[0] ?? [new Error('rate limit counter: no reply from Redis')];
      if (err) throw err;
      return Number(count);
    }
    const { rows } = await rawWrite<{ count: number }>(
      this.dataSource.manager,
      `INSERT INTO rate_limit_bucket (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_bucket.count + 1
       RETURNING count`,
      [key, this.windowStart(windowSeconds)],
    );
    return rows[0].count;
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
