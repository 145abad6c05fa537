import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FrameworkIndexEntry, flattenRequirements, requirementUrn, ResolvedPair } from './catalog-document';
import {
  builtInCatalogDir,
  CatalogBatch,
  CatalogFileProblem,
  CatalogValidationError,
  checkBatch,
  FrameworkSource,
  MappingSetSource,
  readCatalogDirectory,
} from './catalog-files';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { Requirement } from './requirement.entity';
import { visibleTo } from './visibility';

export interface FrameworkLoadResult {
  framework: Framework;
  created: boolean;
  /** False when the stored content hash matched and nothing was written. */
  changed: boolean;
  requirementCount: number;
  /** Requirements that left the file in this load; they are kept, marked retired. */
  retiredUrns: string[];
}

export interface MappingSetLoadResult {
  mappingSet: MappingSet;
  created: boolean;
  changed: boolean;
  mappingCount: number;
}

export interface CatalogLoadReport {
  frameworks: FrameworkLoadResult[];
  mappingSets: MappingSetLoadResult[];
}

export interface LoadOptions {
  /** Write even when the stored content hash matches (tests, and `npm run catalog:load -- --force`). */
  force?: boolean;
}

const WRITE_CHUNK = 500;

/**
 * Writes validated catalog documents into one scope — the built-ins (organisation NULL) or one
 * organisation's private catalogs — inside the caller's transaction. Upserts by URN: ids stay stable, a
 * changed title updates in place, requirements missing from a file are marked retired (never deleted).
 */
export class CatalogLoader {
  constructor(
    private readonly manager: EntityManager,
    private readonly organisationId: string | null,
  ) {}

  private get scope() {
    return this.organisationId ?? IsNull();
  }

  /** Serialises loads into one scope (API replicas starting together, concurrent imports). */
  async lock(): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `aims.catalog:${this.organisationId ?? 'built-in'}`,
    ]);
  }

  /** Current requirement ids of visible frameworks outside the batch that its mapping sets reference. */
  async externalFrameworks(batch: CatalogBatch): Promise<Map<string, FrameworkIndexEntry>> {
    const inBatch = new Set(batch.frameworks.map((f) => f.document.urn));
    const wanted = [
      ...new Set(batch.mappingSets.flatMap((m) => [m.document.sourceFramework, m.document.targetFramework])),
    ].filter((urn) => urn && !inBatch.has(urn));
    const index = new Map<string, FrameworkIndexEntry>();
    if (wanted.length === 0) return index;
    const frameworks = await visibleTo(
      this.manager
        .getRepository(Framework)
        .createQueryBuilder('f')
        .where('f.urn IN (:...wanted)', { wanted }),
      'f',
      this.organisationId,
    ).getMany();
    const requirements = frameworks.length
      ? await this.manager.find(Requirement, {
          select: { id: true, frameworkId: true, urn: true },
          where: { frameworkId: In(frameworks.map((f) => f.id)), retiredAt: IsNull() },
        })
      : [];
    for (const f of frameworks) {
      const prefix = requirementUrn(f.slug, '');
      const ids = new Set(
        requirements.filter((r) => r.frameworkId === f.id).map((r) => r.urn.slice(prefix.length)),
      );
      index.set(f.urn, { urn: f.urn, slug: f.slug, ids });
    }
    return index;
  }

  /**
   * Every problem that needs the database: references to frameworks outside the batch, and URNs or slugs
   * already taken. For a private scope, built-in URNs and slugs count as taken.
   */
  async check(
    batch: CatalogBatch,
  ): Promise<{ problems: CatalogFileProblem[]; pairs: Map<MappingSetSource, ResolvedPair[]> }> {
    const external = await this.externalFrameworks(batch);
    const { problems, pairs } = checkBatch(batch, (urn) => external.get(urn));
    for (const source of batch.frameworks) problems.push(...(await this.frameworkConflicts(source)));
    for (const source of batch.mappingSets) problems.push(...(await this.mappingSetConflicts(source)));
    return { problems, pairs };
  }

  private async frameworkConflicts({ origin, document }: FrameworkSource): Promise<CatalogFileProblem[]> {
    const problems: CatalogFileProblem[] = [];
    const others = await visibleTo(
      this.manager
        .getRepository(Framework)
        .createQueryBuilder('f')
        .where(new Brackets((w) => w.where('f.urn = :urn').orWhere('f.slug = :slug')), {
          urn: document.urn,
          slug: document.slug,
        }),
      'f',
      this.organisationId,
    ).getMany();
    for (const other of others) {
      const own = other.organisationId === this.organisationId;
      if (!own && other.urn === document.urn) {
        problems.push({
          file: origin,
          path: 'urn',
          message: 'is the URN of a built-in framework: give your framework a URN of its own',
        });
      } else if (other.slug === document.slug && other.urn !== document.urn) {
        const whose = own ? 'framework' : 'built-in framework';
        problems.push({
          file: origin,
          path: 'slug',
          message: `is already the slug of ${whose} ${other.urn}`,
        });
      }
    }
    const flat = flattenRequirements(document.requirements);
    if (!document.slug || flat.length === 0) return problems;
    const byUrn = new Map(flat.map((f) => [requirementUrn(document.slug, f.node.id), f.node]));
    const taken = await this.manager
      .getRepository(Requirement)
      .createQueryBuilder('r')
      .innerJoin(Framework, 'f', 'f.id = r.frameworkId')
      .select(['r.urn AS urn', 'f.urn AS framework'])
      .where('r.urn IN (:...urns)', { urns: [...byUrn.keys()] })
      .andWhere('f.urn <> :urn', { urn: document.urn })
      .andWhere(this.organisationId === null ? 'r.organisationId IS NULL' : 'r.organisationId = :org', {
        org: this.organisationId,
      })
      .getRawMany<{ urn: string; framework: string }>();
    for (const row of taken) {
      problems.push({
        file: origin,
        path: `${byUrn.get(row.urn)?.path}.id`,
        message: `gives ${row.urn}, which belongs to ${row.framework}`,
      });
    }
    return problems;
  }

  private async mappingSetConflicts({ origin, document }: MappingSetSource): Promise<CatalogFileProblem[]> {
    if (this.organisationId === null || !document.urn) return [];
    const builtIn = await this.manager.existsBy(MappingSet, { urn: document.urn, organisationId: IsNull() });
    return builtIn
      ? [
          {
            file: origin,
            path: 'urn',
            message: 'is the URN of a built-in mapping set: give yours a URN of its own',
          },
        ]
      : [];
  }

  /** Writes a batch that passed `check`. Frameworks first, so that mapping sets can resolve against them. */
  async write(
    batch: CatalogBatch,
    pairs: Map<MappingSetSource, ResolvedPair[]>,
    options: LoadOptions = {},
  ): Promise<CatalogLoadReport> {
    const report: CatalogLoadReport = { frameworks: [], mappingSets: [] };
    for (const source of batch.frameworks) report.frameworks.push(await this.writeFramework(source, options));
    for (const source of batch.mappingSets) {
      report.mappingSets.push(await this.writeMappingSet(source, pairs.get(source) ?? [], options));
    }
    return report;
  }

  private async writeFramework(
    { document, contentHash }: FrameworkSource,
    options: LoadOptions,
  ): Promise<FrameworkLoadResult> {
    const existing = await this.manager.findOneBy(Framework, {
      urn: document.urn,
      organisationId: this.scope,
    });
    const flat = flattenRequirements(document.requirements);
    if (existing && existing.contentHash === contentHash && !options.force) {
      return {
        framework: existing,
        created: false,
        changed: false,
        requirementCount: flat.length,
        retiredUrns: [],
      };
    }
    const frameworkId = existing?.id ?? randomUUID();
    await this.manager.upsert(
      Framework,
      {
        id: frameworkId,
        organisationId: this.organisationId,
        urn: document.urn,
        slug: document.slug,
        name: document.name,
        shortName: document.shortName,
        version: document.version,
        publisher: document.publisher,
        provenance: document.provenance,
        contentHash,
      } as QueryDeepPartialEntity<Framework>,
      { conflictPaths: ['id'] },
    );

    const current = await this.manager.find(Requirement, {
      select: { id: true, urn: true, retiredAt: true },
      where: { frameworkId },
    });
    const idByUrn = new Map(current.map((r) => [r.urn, r.id]));
    const idOf = new Map<string, string>();
    for (const { node } of flat) {
      idOf.set(node.id, idByUrn.get(requirementUrn(document.slug, node.id)) ?? randomUUID());
    }
    const rows = flat.map(({ node, parentId, ancestorIds, depth, position }) => ({
      id: idOf.get(node.id),
      organisationId: this.organisationId,
      frameworkId,
      parentId: parentId === null ? null : idOf.get(parentId),
      ancestorIds: ancestorIds.map((a) => idOf.get(a)),
      depth,
      position,
      urn: requirementUrn(document.slug, node.id),
      refId: node.refId,
      title: node.title,
      titleZh: node.titleZh,
      description: node.description,
      kind: node.kind,
      assessable: node.assessable,
      pdcaPhase: node.pdcaPhase,
      secondary: node.secondary,
      retiredAt: null,
    })) as QueryDeepPartialEntity<Requirement>[];
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      await this.manager.upsert(Requirement, rows.slice(i, i + WRITE_CHUNK), {
        conflictPaths: ['id'],
        skipUpdateIfNoValuesChanged: true,
      });
    }

    const kept = new Set(idOf.values());
    const retiring = current.filter((r) => !kept.has(r.id) && r.retiredAt === null);
    if (retiring.length > 0) {
      await this.manager.update(
        Requirement,
        { id: In(retiring.map((r) => r.id)) },
        { retiredAt: () => 'now()' },
      );
    }
    const framework = await this.manager.findOneByOrFail(Framework, { id: frameworkId });
    return {
      framework,
      created: !existing,
      changed: true,
      requirementCount: flat.length,
      retiredUrns: retiring.map((r) => r.urn),
    };
  }

  private async writeMappingSet(
    { document, contentHash }: MappingSetSource,
    pairs: ResolvedPair[],
    options: LoadOptions,
  ): Promise<MappingSetLoadResult> {
    const existing = await this.manager.findOneBy(MappingSet, {
      urn: document.urn,
      organisationId: this.scope,
    });
    if (existing && existing.contentHash === contentHash && !options.force) {
      return { mappingSet: existing, created: false, changed: false, mappingCount: pairs.length };
    }
    const frameworks = await visibleTo(
      this.manager
        .getRepository(Framework)
        .createQueryBuilder('f')
        .where('f.urn IN (:...urns)', { urns: [document.sourceFramework, document.targetFramework] }),
      'f',
      this.organisationId,
    ).getMany();
    const frameworkId = (urn: string) => frameworks.find((f) => f.urn === urn)!.id;

    const mappingSetId = existing?.id ?? randomUUID();
    await this.manager.upsert(
      MappingSet,
      {
        id: mappingSetId,
        organisationId: this.organisationId,
        urn: document.urn,
        name: document.name,
        sourceFrameworkId: frameworkId(document.sourceFramework),
        targetFrameworkId: frameworkId(document.targetFramework),
        provenance: document.provenance,
        contentHash,
      } as QueryDeepPartialEntity<MappingSet>,
      { conflictPaths: ['id'] },
    );

    const urns = [...new Set(pairs.flatMap((p) => [p.sourceUrn, p.targetUrn]))];
    const requirements = urns.length
      ? await visibleTo(
          this.manager
            .getRepository(Requirement)
            .createQueryBuilder('r')
            .select(['r.id', 'r.urn'])
            .where('r.urn IN (:...urns)', { urns })
            .andWhere('r.retiredAt IS NULL'),
          'r',
          this.organisationId,
        ).getMany()
      : [];
    const requirementId = new Map(requirements.map((r) => [r.urn, r.id]));
    const current = await this.manager.find(Mapping, {
      select: { id: true, sourceRequirementId: true, targetRequirementId: true },
      where: { mappingSetId },
    });
    const idByPair = new Map(current.map((m) => [`${m.sourceRequirementId} ${m.targetRequirementId}`, m.id]));
    const rows = pairs.map((pair, position) => {
      const sourceRequirementId = requirementId.get(pair.sourceUrn)!;
      const targetRequirementId = requirementId.get(pair.targetUrn)!;
      return {
        id: idByPair.get(`${sourceRequirementId} ${targetRequirementId}`) ?? randomUUID(),
        organisationId: this.organisationId,
        mappingSetId,
        sourceRequirementId,
        targetRequirementId,
        relationship: pair.row.relationship,
        rationale: pair.row.rationale,
        strength: pair.row.strength,
        position,
      };
    });
    // Taken before the upsert: TypeORM writes RETURNING values back into the objects by position, and
    // rows skipped as unchanged return nothing, so the objects' ids are not to be trusted afterwards.
    const kept = new Set(rows.map((r) => r.id));
    const dropped = current.filter((m) => !kept.has(m.id)).map((m) => m.id);
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      await this.manager.upsert(
        Mapping,
        rows.slice(i, i + WRITE_CHUNK) as QueryDeepPartialEntity<Mapping>[],
        {
          conflictPaths: ['id'],
          skipUpdateIfNoValuesChanged: true,
        },
      );
    }
    // Mapping rows are not referenced from elsewhere: rows that left the file go.
    if (dropped.length > 0) await this.manager.delete(Mapping, { id: In(dropped) });
    const mappingSet = await this.manager.findOneByOrFail(MappingSet, { id: mappingSetId });
    return { mappingSet, created: !existing, changed: true, mappingCount: rows.length };
  }
}

/**
 * Loads the built-in catalogs from the data folder: validates every file (throwing CatalogValidationError
 * with every problem of every file), then upserts in one transaction. Files whose content hash is already
 * stored are skipped, so a start with nothing changed only reads the files and two small tables.
 */
export async function loadBuiltInCatalogs(
  dataSource: DataSource,
  options: LoadOptions & { dir?: string } = {},
): Promise<CatalogLoadReport> {
  const batch = readCatalogDirectory(options.dir ?? builtInCatalogDir());
  const report = await dataSource.transaction(async (manager) => {
    const loader = new CatalogLoader(manager, null);
    await loader.lock();
    const changed = options.force ? batch : await unchangedRemoved(manager, batch);
    const { problems, pairs } = await loader.check(changed);
    if (problems.length > 0) throw new CatalogValidationError(problems);
    return loader.write(changed, pairs, options);
  });
  const written = [...report.frameworks, ...report.mappingSets].filter((r) => r.changed).length;
  if (written > 0) {
    const retired = report.frameworks.flatMap((f) => f.retiredUrns);
    new Logger('Catalog').log({ msg: 'built-in catalogs loaded', files: written, retiredUrns: retired });
  }
  return report;
}

/**
 * The batch without the files whose content hash is already stored. Mapping sets are kept whenever a
 * framework changed, so that their references are checked against the new content.
 */
async function unchangedRemoved(manager: EntityManager, batch: CatalogBatch): Promise<CatalogBatch> {
  const stored = async (table: 'framework' | 'mapping_set', urns: string[]): Promise<Set<string>> => {
    if (urns.length === 0) return new Set();
    const rows: { urn: string; content_hash: string }[] = await manager.query(
      `SELECT urn, content_hash FROM ${table} WHERE organisation_id IS NULL AND urn = ANY($1)`,
      [urns],
    );
    return new Set(rows.map((row) => `${row.urn} ${row.content_hash}`));
  };
  const frameworkHashes = await stored(
    'framework',
    batch.frameworks.map((f) => f.document.urn),
  );
  const frameworks = batch.frameworks.filter(
    (f) => !frameworkHashes.has(`${f.document.urn} ${f.contentHash}`),
  );
  const setHashes = await stored(
    'mapping_set',
    batch.mappingSets.map((m) => m.document.urn),
  );
  const mappingSets =
    frameworks.length > 0
      ? batch.mappingSets
      : batch.mappingSets.filter((m) => !setHashes.has(`${m.document.urn} ${m.contentHash}`));
  return { frameworks, mappingSets };
}
