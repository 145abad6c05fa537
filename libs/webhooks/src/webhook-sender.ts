import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import { AppConfig, Clock } from '@aims/platform';
import { literalAddress } from './address-policy';
import { DELIVERY_TIMEOUT_MS } from './retry-schedule';
import { signatureHeader } from './signature';
import { UrlGuard } from './url-guard';

const RESPONSE_BODY_LIMIT = 4096;

export interface SendRequest {
  url: string;
  id: string;
  body: string;
  secrets: string[];
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

/** At most `size` holders at once; the others wait their turn in order. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/**
 * Sends one signed delivery (Standard Webhooks headers, the stored body as is). Redirects are not
 * followed (a 3xx is an answer, and a failure); the response body is read up to 4 KiB. At most
 * WEBHOOK_CONCURRENCY deliveries are sent at once; the time and the timeout of one start when it is sent.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly slots: Slots;

  constructor(
    private readonly guard: UrlGuard,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.agent = guard.createAgent(config.WEBHOOK_CONCURRENCY);
    this.slots = new Slots(config.WEBHOOK_CONCURRENCY);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  async send(req: SendRequest): Promise<SendResult> {
    await this.slots.take();
    try {
      return await this.sendNow(req);
    } finally {
      this.slots.give();
    }
  }

  private async sendNow(req: SendRequest): Promise<SendResult> {
    const sentAt = this.clock.now();
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const host = new URL(req.url).hostname;
      // Address literals never reach the lookup hook: check them here.
      if (literalAddress(host)) await this.guard.checkHost(host);
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
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
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

async function readPrefix(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  // PostgreSQL text cannot hold NUL: shown as U+FFFD, like any byte that is not UTF-8, so the attempt is
  // recorded (and the statement it shares with other jobs' attempts does not fail).
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8').replace(/\0/g, '\uFFFD');
}
