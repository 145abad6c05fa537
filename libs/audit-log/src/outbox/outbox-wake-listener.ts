import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PgChannelListener } from '@aims/platform';
import { OutboxRelay } from './outbox-relay';

/** The NOTIFY channel a unit of work signals when it commits outbox events. */
export const OUTBOX_CHANNEL = 'aims_outbox';

/**
 * Wakes the relay right after a commit instead of waiting for the next scheduled run: LISTENs on a
 * connection of its own and drains the outbox on every notification (coalesced, so a burst costs one
 * drain at a time). The scheduled relay stays the safety net for anything a lost connection misses; on
 * error the listener reconnects with backoff and drains once, in case it slept through a notification.
 */
@Injectable()
export class OutboxWakeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWakeListener.name);
  private readonly listener: PgChannelListener;
  private stopped = false;
  private draining = false;
  private again = false;

  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    this.listener = new PgChannelListener(dataSource, OUTBOX_CHANNEL, {
      notified: () => this.wake(),
      listening: () => this.wake(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener.stop();
  }

  private wake(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.relay.drain();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.logger.warn({ msg: 'waking the relay failed', error: (err as Error).message });
      } finally {
        this.draining = false;
      }
    })();
  }
}
