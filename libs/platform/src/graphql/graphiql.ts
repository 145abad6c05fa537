import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { NextFunction, Request, Response } from 'express';
import ipaddr from 'ipaddr.js';

export interface GraphiQLOptions {
  /**
   * Headers pre-filled in the IDE's header editor (the embedded start passes the demo token). Offered to
   * callers on this machine only: a page served to the network never carries a credential.
   */
  headers?: () => Record<string, string> | undefined;
}

function fromThisMachine(req: Request): boolean {
  const peer = req.socket.remoteAddress;
  if (!peer || !ipaddr.isValid(peer)) return false;
  const address = ipaddr.process(peer);
  return address.range() === 'loopback';
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
