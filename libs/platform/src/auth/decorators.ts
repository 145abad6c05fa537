import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { Actor } from './actor';
import { Role } from './role';

export const ROLES_KEY = 'aims:roles';
export const PUBLIC_KEY = 'aims:public';
export const HUMAN_SESSION_KEY = 'aims:human-session';

/** The roles allowed to call this operation. Every Query and Mutation declares @Roles or @Public. */
export const Roles = (...roles: readonly Role[]) => SetMetadata(ROLES_KEY, roles);

/** No authentication needed (signUp, login, acceptInvitation). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Credential management (API keys, invitations, role changes, removals) needs a signed-in member: an API
 * key, whatever its role, is refused, so a leaked key cannot mint credentials that outlive it.
 */
export const HumanSession = () => SetMetadata(HUMAN_SESSION_KEY, true);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
  requestId?: string;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** Hands the resolved Actor to a resolver. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without authentication');
  return actor;
});

/** The request id, for operations that run before an actor exists (signUp, login). */
export const RequestId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => requestOf(context).requestId,
);
