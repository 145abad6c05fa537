import { DynamicModule, Module } from '@nestjs/common';
import { AISystemsModule } from '@aims/ai-systems';
import { AuditLogModule } from '@aims/audit-log';
import { CatalogModule } from '@aims/catalog';
import { CyclesModule } from '@aims/cycles';
import { EvidenceModule } from '@aims/evidence';
import { ExportsModule } from '@aims/exports';
import { IdentityModule } from '@aims/identity';
import { graphQLModule, HealthController, PlatformModule, Runtime } from '@aims/platform';
import { ReassessmentModule } from '@aims/reassessment';
import { RisksModule } from '@aims/risks';
import { WebhooksModule } from '@aims/webhooks';

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
        AISystemsModule,
        RisksModule,
        ReassessmentModule,
        CyclesModule,
        EvidenceModule,
        WebhooksModule,
        ExportsModule,
      ],
      controllers: [HealthController],
    };
  }
}
