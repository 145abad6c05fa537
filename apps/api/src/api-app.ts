import { INestApplication, LoggerService } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import pinoHttp from 'pino-http';
import type { Logger } from 'pino';
import {
  AuthenticatedRequest,
  ErrorLogFilter,
  GraphiQLOptions,
  graphiqlMiddleware,
  InputValidationPipe,
  Metrics,
  requestIdFor,
  Runtime,
} from '@aims/platform';
import { ApiModule } from './api.module';

export interface ApiAppOptions {
  /** GraphiQL settings when the IDE is on (GRAPHQL_IDE): the embedded start pre-fills its demo token. */
  graphiql?: GraphiQLOptions;
}

/** Builds the API application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(
  runtime: Runtime,
  logger?: Logger,
  nestLogger?: LoggerService,
  options: ApiAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(runtime), {
    bodyParser: false,
    logger: nestLogger ?? false,
    abortOnError: false,
  });
  // JSON bodies are parsed everywhere except evidence uploads, which are streamed to storage as they are.
  app.useBodyParser('json', {
    limit: runtime.config.REQUEST_BODY_LIMIT,
    type: (req: IncomingMessage) =>
      !req.url?.startsWith('/evidence/uploads/') && JSON_TYPE.test(req.headers['content-type'] ?? ''),
  });
  // Only configured proxies may name the client (the login limit counts per client address).
  app.set('trust proxy', runtime.config.trustProxy);
  app.use(requestTelemetry(runtime.metrics, logger));
  if (runtime.config.graphiql) app.use(graphiqlMiddleware('/graphql', options.graphiql));
  app.useGlobalPipes(new InputValidationPipe());
  app.useGlobalFilters(new ErrorLogFilter(app.get(HttpAdapterHost).httpAdapter));
  await app.init();
  return app;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;
const KNOWN_ROUTES = new Set(['/graphql', '/health/live', '/health/ready', '/metrics']);

/** Request id on every request (echoed as `x-request-id`, stored on audit events), JSON access log, metrics. */
function requestTelemetry(metrics: Metrics, logger?: Logger) {
  const log = logger
    ? pinoHttp({ logger, genReqId: (req) => (req as AuthenticatedRequest).requestId ?? requestIdFor(req) })
    : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestIdFor(req);
    (req as AuthenticatedRequest).requestId = id;
    res.setHeader('x-request-id', id);
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () =>
      end({ route: KNOWN_ROUTES.has(req.path) ? req.path : 'other', status: String(res.statusCode) }),
    );
    if (log) log(req, res, next);
    else next();
  };
}
