import { Field, ObjectType } from '@nestjs/graphql';
import { CatalogDocumentKind } from '../catalog-content';
import { Framework } from '../framework.entity';
import { MappingSet } from '../mapping-set.entity';
import { FrameworkModel } from './framework.model';
import { MappingSetModel } from './mapping-set.model';

@ObjectType()
export class ImportFrameworkPayload {
  @Field(() => CatalogDocumentKind)
  kind: CatalogDocumentKind;

  @Field(() => FrameworkModel, { nullable: true, description: 'Set when a framework was imported.' })
  framework: Framework | null;

  @Field(() => MappingSetModel, { nullable: true, description: 'Set when a mapping set was imported.' })
  mappingSet: MappingSet | null;

  @Field({ description: 'False when the URN was already imported and has been updated in place.' })
  created: boolean;

  @Field({ description: 'False when the document was identical to the one already imported.' })
  changed: boolean;

  @Field(() => [String], {
    description:
      'Requirements missing from this import that were kept and marked retired (they may be referenced).',
  })
  retiredRequirementUrns: string[];
}
