import type { Request, Response } from 'express';
import { RequestLoaders } from './request-loaders';

/** What every resolver can reach through @Context(). */
export interface GraphQLContext {
  req: Request;
  res: Response;
  loaders: RequestLoaders;
}
