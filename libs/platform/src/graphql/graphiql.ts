import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { NextFunction, Request, Response } from 'express';
import ipaddr from 'ipaddr.js';

export interface GraphiQLOptions {
  /**
   * Headers pre-filled in the IDE's header editor (the embedded start passes the demo token). Offered to
   * callers on this machine that name it `localhost`, `127.0.0.1` or `[::1]`: a page served to the network
   * or to another host name never carries a credential.
   */
  headers?: () => Record<string, string> | undefined;
}

/** Host names a browser on this machine uses for the server; any other name may be a rebinding domain. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The name in a Host header without its port: `[::1]:3000` → `[::1]`, `localhost:3000` → `localhost`. */
function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name.toLowerCase();
}

/**
 * A loopback peer that also addressed the server by a loopback name: a page a rebound domain
 * (evil.example resolving to 127.0.0.1) loads carries that domain in its Host header.
 */
function fromThisMachine(req: Request): boolean {
  const peer = req.socket.remoteAddress;
  if (!peer || !ipaddr.isValid(peer)) return false;
  const address = ipaddr.process(peer);
  return address.range() === 'loopback' && LOOPBACK_HOSTS.has(hostName(req.headers.host) ?? '');
}

/**
 * GraphiQL for browsers opening /graphql: one HTML page with every asset inlined (no CDN, so it works
 * on networks without one). Only GET requests that ask for HTML get it; API clients never see it.
 */
export function graphiqlMiddleware(path: string, options: GraphiQLOptions = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path !== path || req.accepts(['json', 'html']) !== 'html') {
      return next();
    }
    const headers = fromThisMachine(req) ? options.headers?.() : undefined;
    res
      .status(200)
      .type('html')
      .setHeader('cache-control', 'no-store')
      .send(
        renderGraphiQL({
          title: 'AIMS GraphiQL',
          endpoint: path,
          ...(headers ? { headers: JSON.stringify(headers, null, 2) } : {}),
        }),
      );
  };
}
