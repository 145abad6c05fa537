import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox-relay';

/** The NOTIFY channel a unit of work signals when it commits outbox events. */
export const OUTBOX_CHANNEL = 'aims_outbox';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 10_000;

/**
 * Wakes the relay right after a commit instead of waiting for the next scheduled run: LISTENs on a
 * connection of its own and drains the outbox on every notification (coalesced, so a burst costs one
 * drain at a time). The scheduled relay stays the safety net for anything a lost connection misses; on
 * error the listener reconnects with backoff and drains once, in case it slept through a notification.
 */
@Injectable()
export class OutboxWakeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWakeListener.name);
  private client?: Client;
  private stopped = false;
  private draining = false;
  private again = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: 'aims-outbox-listener' });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.wake();
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  private lost(client: Client, err: Error): void {
    if (this.stopped || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    this.logger.warn({ msg: 'outbox listener lost its connection; reconnecting', error: err.message });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
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
