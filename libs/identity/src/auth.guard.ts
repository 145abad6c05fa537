import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, HUMAN_SESSION_KEY, PUBLIC_KEY, requestOf, Role, ROLES_KEY } from '@aims/platform';
import { ActorResolver } from './actor-resolver.service';

/**
 * Global guard for every GraphQL operation. Operations must say who may call them (@Roles) or that
 * anyone may (@Public); an operation that says neither is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // health and metrics are plain HTTP
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new Forbidden('Operation has no access rule');

    const req = requestOf(context);
    req.actor ??= await this.actors.resolve(req.headers.authorization, req.requestId);
    if (!roles.includes(req.actor.role)) throw new Forbidden();
    if (
      req.actor.type === 'API_KEY' &&
      this.reflector.getAllAndOverride<boolean>(HUMAN_SESSION_KEY, targets)
    ) {
      throw new Forbidden('Managing credentials needs a signed-in member; API keys cannot do it');
    }
    return true;
  }
}
