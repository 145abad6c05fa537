import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/app-config';
import { SecretBox } from './crypto/secret-box';
import { Clock } from './database/clock';
import { Metrics } from './observability/metrics';
import { QueueConnection } from './queue/queue-connection';
import { RateLimiter } from './rate-limit/rate-limiter';

/** What a running process is made of; built before Nest boots (see libs/runtime) and handed in. */
export interface Runtime {
  config: AppConfig;
  dataSource: DataSource;
  queues: QueueConnection;
  clock: Clock;
  metrics: Metrics;
}

/** Makes the runtime's parts injectable everywhere. The runtime's owner closes them. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: runtime.config },
        { provide: DataSource, useValue: runtime.dataSource },
        { provide: QueueConnection, useValue: runtime.queues },
        { provide: Clock, useValue: runtime.clock },
        { provide: Metrics, useValue: runtime.metrics },
        RateLimiter,
        {
          provide: SecretBox,
          useFactory: (config: AppConfig) => new SecretBox(config.encryptionKey),
          inject: [AppConfig],
        },
      ],
      exports: [AppConfig, DataSource, QueueConnection, Clock, Metrics, RateLimiter, SecretBox],
    };
  }
}
