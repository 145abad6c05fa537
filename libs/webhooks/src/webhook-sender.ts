import { setMaxListeners } from 'node:events';
import { Readable } from 'node:stream';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { AppConfig, Clock } from '@aims/platform';
import { literalAddress } from './address-policy';
import { DELIVERY_TIMEOUT_MS } from './retry-schedule';
import { signatureHeader } from './signature';
import { Slots } from './slots';
import { UrlGuard } from './url-guard';

const RESPONSE_BODY_LIMIT = 4096;
const LITERAL_HOSTS_KEPT = 10_000;

export interface SendRequest {
  url: string;
  id: string;
  body: string;
  secrets: string[];
  /** Not sent at all when a send slot frees only after this time (the caller's hold on it has ended). */
  notAfter?: Date;
}

export interface SendResult {
  /** When the request was sent (after waiting for a slot): the attempt's time, and its signed timestamp. */
  sentAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  retryAfter: string | null;
  error: string | null;
}

/**
 * Sends one signed delivery (Standard Webhooks headers, the stored body as is). Redirects are not
 * followed (a 3xx is an answer, and a failure); the response body is read up to 4 KiB. At most
 * WEBHOOK_CONCURRENCY deliveries are sent at once; the time and the timeout of one start when it is sent.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly slots: Slots;
  private readonly timeouts = new SharedTimeout(DELIVERY_TIMEOUT_MS);
  private readonly literalHosts = new Map<string, string | null>();

  constructor(
    private readonly guard: UrlGuard,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.agent = guard.createAgent(config.WEBHOOK_CONCURRENCY);
    this.slots = new Slots(config.WEBHOOK_CONCURRENCY);
  }

  /** After the shutdown's first step, so that deliveries still being sent then can finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  /** Sends once a slot is free; null when that was after `req.notAfter`, and nothing was sent. */
  async send(req: SendRequest): Promise<SendResult | null> {
    await this.slots.take();
    try {
      if (req.notAfter && this.clock.now() > req.notAfter) return null;
      return await this.sendNow(req);
    } finally {
      this.slots.give();
    }
  }

  /** The URL's host when it is an address literal, else null; remembered per URL (endpoints are few). */
  private literalHost(url: string): string | null {
    let host = this.literalHosts.get(url);
    if (host === undefined) {
      const hostname = new URL(url).hostname;
      host = literalAddress(hostname) ? hostname : null;
      if (this.literalHosts.size >= LITERAL_HOSTS_KEPT) this.literalHosts.clear();
      this.literalHosts.set(url, host);
    }
    return host;
  }

  private async sendNow(req: SendRequest): Promise<SendResult> {
    const sentAt = this.clock.now();
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // Address literals never reach the lookup hook: check them here.
      const literal = this.literalHost(req.url);
      if (literal) await this.guard.checkHost(literal);
      const res = await request(req.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AIMS-Webhooks/1',
          'webhook-id': req.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(req.secrets, req.id, timestamp, req.body),
        },
        body: req.body,
        headersTimeout: DELIVERY_TIMEOUT_MS,
        bodyTimeout: DELIVERY_TIMEOUT_MS,
        signal: this.timeouts.signal(),
      });
      const responseBody = await readPrefix(res.body, RESPONSE_BODY_LIMIT);
      const retryAfter = res.headers['retry-after'];
      return {
        sentAt,
        statusCode: res.statusCode,
        latencyMs: elapsed(),
        responseBody,
        retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
        error: null,
      };
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      const message = cause?.message ? `${(err as Error).message}: ${cause.message}` : (err as Error).message;
      return {
        sentAt,
        statusCode: null,
        latencyMs: elapsed(),
        responseBody: null,
        retryAfter: null,
        error: message,
      };
    }
  }
}

/** How long a request may join the timeout signal of one sent before it (the limit is that much shorter). */
const TIMEOUT_SHARING_MS = 100;

/**
 * Timeout signals shared by the requests sent within a tenth of a second of each other: each aborts its
 * requests `ms` after the first of them was sent, never later. One AbortSignal.timeout per request (a
 * timer, a weak reference and an event target each) was a few per cent of a busy worker's time.
 */
class SharedTimeout {
  private current?: { signal: AbortSignal; until: number };

  constructor(private readonly ms: number) {}

  signal(): AbortSignal {
    const now = performance.now();
    if (!this.current || now >= this.current.until) {
      const signal = AbortSignal.timeout(this.ms);
      // Each request in flight listens to it: as many as the agent sends at once.
      setMaxListeners(0, signal);
      this.current = { signal, until: now + TIMEOUT_SHARING_MS };
    }
    return this.current.signal;
  }
}

/** The body's first `limit` bytes as text; the rest is not read (the connection is then closed). */
function readPrefix(body: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () =>
      // PostgreSQL text cannot hold NUL: shown as U+FFFD, like any byte that is not UTF-8, so the attempt
      // is recorded (and the statement it shares with other jobs' attempts does not fail).
      resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8').replace(/\0/g, '\uFFFD'));
    body
      .on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= limit) {
          body.destroy();
          done();
        }
      })
      .on('end', done)
      .on('error', reject);
  });
}
