import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditLogModule } from '@aims/audit-log';
import { ActorResolver } from './actor-resolver.service';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';
import { AuthTokenService } from './auth-token.service';
import { CredentialCache } from './credential-cache';
import { AuthService } from './auth.service';
import { IdentityResolver } from './identity.resolver';
import { MeResolver } from './me.resolver';
import { MembershipService } from './membership.service';

@Module({
  imports: [AuditLogModule],
  providers: [
    AuthTokenService,
    ActorResolver,
    CredentialCache,
    AuthService,
    MembershipService,
    ApiKeyService,
    IdentityResolver,
    MeResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuthTokenService, MembershipService, ActorResolver],
})
export class IdentityModule {}
