import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

type Responder = (req: ReceivedWebhook) => {
  status: number;
  headers?: Record<string, string>;
  body?: string;
};

/**
 * A real HTTP receiver on 127.0.0.1 that records every delivery. `respond` decides the answer (200 by
 * default); `verify` checks a delivery with the official standardwebhooks package, as integrators would.
 */
export class Receiver {
  readonly received: ReceivedWebhook[] = [];
  respond: Responder = () => ({ status: 200, body: 'ok' });
  /** How long each answer takes (keeps deliveries in flight). */
  delayMs = 0;
  private server?: Server;
  port = 0;
  host = '127.0.0.1';

  /** Listens on `host` (any 127.x.y.z address reaches this machine's loopback on Linux). */
  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        );
        let json: ReceivedWebhook['json'];
        try {
          json = JSON.parse(body) as ReceivedWebhook['json'];
        } catch {
          json = { type: '', timestamp: '', data: {} };
        }
        const received = { path: req.url ?? '/', headers, body, json };
        this.received.push(received);
        const answer = this.respond(received);
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? '');
        }, this.delayMs);
      });
    });
    this.host = host;
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://${this.host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.json.type === type);
  }

  distinctIds(): Set<string> {
    return new Set(this.received.map((r) => r.headers['webhook-id']));
  }
}

/** Verifies one delivery with the reference implementation; throws WebhookVerificationError when it fails. */
export function verify(secret: string, delivery: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(delivery.body, {
    'webhook-id': delivery.headers['webhook-id'],
    'webhook-timestamp': delivery.headers['webhook-timestamp'],
    'webhook-signature': delivery.headers['webhook-signature'],
  });
}

/**
 * The shape of a JSON value: its keys, nested objects followed, so a payload can be compared with its
 * documented example (values, and whether an optional one is null, vary).
 */
export function shapeOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '*';
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, shapeOf(v)]),
  );
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  pollMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const ENDPOINT_FIELDS =
  'id url description eventTypes enabled previousSecretExpiresAt failingSince disabledAt disabledReason';

export const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
