import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry for the process, served at GET /metrics. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'aims_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'aims_jobs_processed_total',
    help: 'Jobs processed by queue and outcome',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });

  readonly outboxRelayed = new Counter({
    name: 'aims_outbox_events_relayed_total',
    help: 'Outbox events handed to their consumers',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aims_' });
  }
}
