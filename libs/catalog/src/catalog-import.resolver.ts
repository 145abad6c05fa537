import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Access, Actor, CurrentActor, Roles } from '@aims/platform';
import { CatalogImportService } from './catalog-import.service';
import { ImportFrameworkInput } from './dto/import-framework.input';
import { ImportFrameworkPayload } from './models/import-framework.payload';

@Resolver()
export class CatalogImportResolver {
  constructor(private readonly imports: CatalogImportService) {}

  @Mutation(() => ImportFrameworkPayload, {
    description:
      'Imports a private framework or mapping set (catalog file format, YAML or JSON), visible to your ' +
      'organisation only. Every problem is reported at once; re-importing a URN updates it in place.',
  })
  @Roles(...Access.GOVERN)
  importFramework(@CurrentActor() actor: Actor, @Args('input') input: ImportFrameworkInput) {
    return this.imports.importDocument(actor, input);
  }
}
