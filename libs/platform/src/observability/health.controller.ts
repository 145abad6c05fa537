import { Controller, Get, Header, HttpException, HttpStatus, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueConnection } from '../queue/queue-connection';
import { Metrics } from './metrics';
import { ReadinessCheck } from './readiness-check';

@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnection,
    private readonly metrics: Metrics,
    @Optional() private readonly extra?: ReadinessCheck,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database, the queue backend and (where the app has one) the storage all answer. */
  @Get('health/ready')
  async ready() {
    const [database, queue, extra] = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      this.queues.ping(),
      this.extra?.check(),
    ]);
    const checks: Record<string, string> = {
      database: database.status === 'fulfilled' ? 'up' : 'down',
      queue: queue.status === 'fulfilled' ? 'up' : 'down',
      queueBackend: this.queues.kind,
    };
    if (this.extra) {
      checks[this.extra.name] = extra.status === 'fulfilled' ? 'up' : 'down';
      checks[`${this.extra.name}Backend`] = this.extra.kind;
    }
    if (Object.values(checks).includes('down')) {
      throw new HttpException({ status: 'unavailable', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ok', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText() {
    return this.metrics.registry.metrics();
  }
}
