import { DynamicModule, Module } from '@nestjs/common';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { IdentityModule } from '@aims/identity';
import { graphQLModule, HealthController, PlatformModule, Runtime } from '@aims/platform';

/** The GraphQL HTTP server: platform plumbing plus every domain module. */
@Module({})
export class ApiModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(runtime),
        graphQLModule(),
        AuditLogModule,
        IdentityModule,
        CatalogModule,
      ],
      controllers: [HealthController],
    };
  }
}
