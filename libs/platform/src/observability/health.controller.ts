import { Controller, Get, Header, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueConnection } from '../queue/queue-connection';
import { Metrics } from './metrics';

@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnection,
    private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database and the queue backend both answer. */
  @Get('health/ready')
  async ready() {
    const [database, queue] = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      this.queues.ping(),
    ]);
    const checks = {
      database: database.status === 'fulfilled' ? 'up' : 'down',
      queue: queue.status === 'fulfilled' ? 'up' : 'down',
      queueBackend: this.queues.kind,
    };
    if (checks.database === 'down' || checks.queue === 'down') {
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
