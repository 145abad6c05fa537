import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 10_000;

export interface ChannelHandlers {
  /** A notification arrived on the channel. */
  notified(payload: string): void;
  /** LISTEN is in place (first time or after a reconnect): anything sent meanwhile may have been missed. */
  listening(): void;
  /** The connection was lost; a reconnect with backoff is under way. */
  lost?(): void;
}

/**
 * A PostgreSQL connection of its own that LISTENs on one channel, reconnecting with exponential backoff
 * (100 ms to 10 s) whenever it is lost, until stopped.
 */
export class PgChannelListener {
  private readonly logger: Logger;
  private client?: Client;
  private stopped = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly handlers: ChannelHandlers,
  ) {
    this.logger = new Logger(`Listener:${channel}`);
  }

  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: `aims-${this.channel}` });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => this.handlers.notified(n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.handlers.listening();
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  private lost(client: Client, err: Error): void {
    if (this.stopped || (this.client && this.client !== client)) return;
    this.client = undefined;
    this.handlers.lost?.();
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    this.logger.warn({
      msg: 'listener lost its connection; reconnecting',
      channel: this.channel,
      error: err.message,
    });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }
}
