import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditLogModule } from '@aims/audit-log';
import { ActorResolver } from './actor-resolver.service';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';
import { AuthTokenService } from './auth-token.service';
import { AuthService } from './auth.service';
import { IdentityResolver } from './identity.resolver';
import { MembershipService } from './membership.service';

@Module({
  imports: [AuditLogModule],
  providers: [
    AuthTokenService,
    ActorResolver,
    AuthService,
    MembershipService,
    ApiKeyService,
    IdentityResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuthTokenService, MembershipService, ActorResolver],
})
export class IdentityModule {}
