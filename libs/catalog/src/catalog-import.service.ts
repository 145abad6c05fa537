import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@aims/audit-log';
import { Actor, BadUserInput } from '@aims/platform';
import { CatalogDocumentKind, CatalogFormat, readCatalogDocument } from './catalog-content';
import { CatalogBatch, contentHash } from './catalog-files';
import { CatalogLoader } from './catalog-loader';
import { ImportFrameworkPayload } from './models/import-framework.payload';

const ORIGIN = 'import';

/**
 * Organisations import private frameworks and mapping sets in the catalog file format. Everything wrong
 * with a document — structure, ids, counts, references, URNs or slugs already taken — is reported at
 * once as one BAD_USER_INPUT, and nothing is written. Re-importing a URN updates it in place.
 */
@Injectable()
export class CatalogImportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async importDocument(
    actor: Actor,
    input: { content: string; format?: CatalogFormat },
  ): Promise<ImportFrameworkPayload> {
    const read = readCatalogDocument(input.content, input.format ?? CatalogFormat.YAML);
    const hash = contentHash(input.content);
    const batch: CatalogBatch = { frameworks: [], mappingSets: [] };
    if (read.kind === CatalogDocumentKind.FRAMEWORK) {
      batch.frameworks.push({ origin: ORIGIN, contentHash: hash, document: read.document });
    } else if (read.kind === CatalogDocumentKind.MAPPING_SET) {
      batch.mappingSets.push({
        origin: ORIGIN,
        contentHash: hash,
        document: read.document,
        references: read.references,
      });
    }

    return this.unitOfWork.run(actor, async (work) => {
      const loader = new CatalogLoader(work.manager, actor.organisationId);
      await loader.lock();
      const { problems, pairs } = await loader.check(batch);
      const all = [...read.errors, ...problems];
      if (all.length > 0 || read.kind === null) {
        throw new BadUserInput(all.map((p) => ({ field: p.path || 'content', message: p.message })));
      }
      const report = await loader.write(batch, pairs);

      const framework = report.frameworks[0];
      const mappingSet = report.mappingSets[0];
      const result = framework ?? mappingSet;
      work.audit({
        action: 'framework.imported',
        entityType: framework ? 'Framework' : 'MappingSet',
        entityId: framework ? framework.framework.id : mappingSet.mappingSet.id,
        changes: {
          urn: framework ? framework.framework.urn : mappingSet.mappingSet.urn,
          created: result.created,
          changed: result.changed,
          ...(framework
            ? {
                version: framework.framework.version,
                requirements: framework.requirementCount,
                retired: framework.retiredUrns,
              }
            : { mappings: mappingSet.mappingCount }),
        },
      });
      return {
        kind: read.kind,
        framework: framework?.framework ?? null,
        mappingSet: mappingSet?.mappingSet ?? null,
        created: result.created,
        changed: result.changed,
        retiredRequirementUrns: framework?.retiredUrns ?? [],
      };
    });
  }
}
