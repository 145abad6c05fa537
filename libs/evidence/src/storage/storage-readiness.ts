import { Injectable } from '@nestjs/common';
import { AppConfig, ReadinessCheck } from '@aims/platform';
import { EvidenceStorage } from './evidence-storage';

/** `/health/ready` reports the storage: a HEAD on the bucket, or a writable staging directory. */
@Injectable()
export class StorageReadiness extends ReadinessCheck {
  readonly name = 'storage';
  readonly kind: string;

  constructor(
    private readonly storage: EvidenceStorage,
    config: AppConfig,
  ) {
    super();
    this.kind = config.STORAGE_DRIVER;
  }

  check(): Promise<void> {
    return this.storage.check();
  }
}
