import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Connection, decodeCursor, encodeCursor, NotFound } from '@aims/platform';
import { Framework } from './framework.entity';
import { Mapping } from './mapping.entity';
import { MappingSet } from './mapping-set.entity';
import { MappingDirection, MappingRelationship, relationshipFrom } from './relationship';
import { Requirement } from './requirement.entity';
import { PdcaPhase, RequirementKind } from './requirement-kind';
import { visibleTo } from './visibility';

export interface RequirementFilter {
  kind?: RequirementKind | null;
  pdcaPhase?: PdcaPhase | null;
  /** Only the direct children of this requirement. */
  parentUrn?: string | null;
  /** Case-insensitive text in the reference, title (English or Chinese), description or URN. */
  search?: string | null;
  assessable?: boolean | null;
  /** Only top-level requirements (no parent). */
  topLevel?: boolean | null;
  /** Retired requirements (dropped from their file) are left out unless asked for. */
  includeRetired?: boolean | null;
}

/** A stored mapping read from one of its two requirements. */
export interface RequirementMappingView {
  mappingId: string;
  mappingSetId: string;
  /** The requirement the mapping is read from. */
  requirementId: string;
  /** The requirement at the other end. */
  otherRequirementId: string;
  direction: MappingDirection;
  /** As seen from `requirementId`: inverted (SUBSET ↔ SUPERSET) when the direction is DERIVED. */
  relationship: MappingRelationship;
  rationale: string | null;
  strength: number | null;
}

export interface MappingSetFilter {
  /** Sets with this framework on either side. */
  frameworkUrn?: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Read access to the catalogs for resolvers and for other domains. Every method takes the caller's
 * organisation and sees the built-in catalogs plus that organisation's private ones, nothing else.
 */
@Injectable()
export class CatalogService {
  constructor(private readonly dataSource: DataSource) {}

  private frameworks(organisationId: string) {
    return visibleTo(this.dataSource.getRepository(Framework).createQueryBuilder('f'), 'f', organisationId);
  }

  private requirements(organisationId: string) {
    return visibleTo(this.dataSource.getRepository(Requirement).createQueryBuilder('r'), 'r', organisationId);
  }

  /** Built-ins first, then the organisation's own, each by name and version. */
  listFrameworks(organisationId: string): Promise<Framework[]> {
    return this.frameworks(organisationId)
      .orderBy('f.organisationId', 'ASC', 'NULLS FIRST')
      .addOrderBy('f.name', 'ASC')
      .addOrderBy('f.version', 'ASC')
      .getMany();
  }

  async findFramework(organisationId: string, urn: string): Promise<Framework> {
    const framework = await this.frameworks(organisationId).andWhere('f.urn = :urn', { urn }).getOne();
    if (!framework) throw new NotFound('Framework', urn);
    return framework;
  }

  frameworksByIds(organisationId: string, ids: readonly string[]): Promise<Framework[]> {
    return this.frameworks(organisationId).andWhere('f.id IN (:...ids)', { ids }).getMany();
  }

  /** One requirement by URN, retired or not (references to it stay valid). */
  async findRequirement(organisationId: string, urn: string): Promise<Requirement> {
    const requirement = await this.requirements(organisationId).andWhere('r.urn = :urn', { urn }).getOne();
    if (!requirement) throw new NotFound('Requirement', urn);
    return requirement;
  }

  /**
   * The requirements among `urns` that the organisation can see; URNs it cannot see are simply absent, so
   * callers validating references compare lengths. Retired ones only when asked.
   */
  async findRequirementsByUrns(
    organisationId: string,
    urns: readonly string[],
    options: { includeRetired?: boolean } = {},
  ): Promise<Requirement[]> {
    if (urns.length === 0) return [];
    const qb = this.requirements(organisationId).andWhere('r.urn IN (:...urns)', {
      urns: [...new Set(urns)],
    });
    if (!options.includeRetired) qb.andWhere('r.retiredAt IS NULL');
    return qb.getMany();
  }

  requirementsByIds(organisationId: string, ids: readonly string[]): Promise<Requirement[]> {
    return this.requirements(organisationId).andWhere('r.id IN (:...ids)', { ids }).getMany();
  }

  /** Current children of each parent, in document order. */
  childrenOf(organisationId: string, parentIds: readonly string[]): Promise<Requirement[]> {
    return this.requirements(organisationId)
      .andWhere('r.parentId IN (:...parentIds)', { parentIds })
      .andWhere('r.retiredAt IS NULL')
      .orderBy('r.position', 'ASC')
      .getMany();
  }

  /** Every matching requirement of a framework in document order (for checklists, SoA, coverage). */
  async requirementsOf(
    organisationId: string,
    frameworkUrn: string,
    filter: RequirementFilter = {},
  ): Promise<Requirement[]> {
    const framework = await this.findFramework(organisationId, frameworkUrn);
    return this.requirementsIn(organisationId, [framework.id], filter);
  }

  /** Every matching requirement of the given frameworks, in document order. */
  requirementsIn(
    organisationId: string,
    frameworkIds: readonly string[],
    filter: RequirementFilter = {},
  ): Promise<Requirement[]> {
    return this.filtered(organisationId, frameworkIds, filter)
      .orderBy('r.position', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  private filtered(
    organisationId: string,
    frameworkIds: readonly string[],
    filter: RequirementFilter,
  ): SelectQueryBuilder<Requirement> {
    const qb = this.requirements(organisationId).andWhere('r.frameworkId IN (:...frameworkIds)', {
      frameworkIds,
    });
    if (!filter.includeRetired) qb.andWhere('r.retiredAt IS NULL');
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.pdcaPhase) qb.andWhere('r.pdcaPhase = :pdcaPhase', { pdcaPhase: filter.pdcaPhase });
    if (filter.assessable !== undefined && filter.assessable !== null) {
      qb.andWhere('r.assessable = :assessable', { assessable: filter.assessable });
    }
    if (filter.topLevel) qb.andWhere('r.parentId IS NULL');
    if (filter.parentUrn) {
      qb.andWhere('EXISTS (SELECT 1 FROM requirement p WHERE p.id = r.parent_id AND p.urn = :parentUrn)', {
        parentUrn: filter.parentUrn,
      });
    }
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
      qb.andWhere(
        new Brackets((w) =>
          ['refId', 'title', 'titleZh', 'description', 'urn'].forEach((column) =>
            w.orWhere(`r.${column} ILIKE :pattern`, { pattern }),
          ),
        ),
      );
    }
    return qb;
  }

  /**
   * One page of requirements for each framework, in document order, in three statements whatever the
   * number of frameworks (totals, the ranked page ids, the rows). Cursors carry (position, id).
   */
  async requirementPages(
    organisationId: string,
    frameworkIds: readonly string[],
    filter: RequirementFilter,
    first: number,
    after?: string,
  ): Promise<Connection<Requirement>[]> {
    const base = this.filtered(organisationId, frameworkIds, filter);
    const totals = await base
      .clone()
      .select('r.frameworkId', 'frameworkId')
      .addSelect('COUNT(*)::int', 'count')
      .groupBy('r.frameworkId')
      .getRawMany<{ frameworkId: string; count: number }>();

    const ranked = base
      .clone()
      .select('r.id', 'id')
      .addSelect('ROW_NUMBER() OVER (PARTITION BY r.framework_id ORDER BY r.position, r.id)', 'rank');
    if (after) {
      const [position, id] = decodeCursor(after, ['number', 'uuid']);
      ranked.andWhere('(r.position, r.id) > (:cursorPosition, :cursorId)', {
        cursorPosition: position,
        cursorId: id,
      });
    }
    const pageIds = await this.dataSource
      .createQueryBuilder()
      .select('ranked.id', 'id')
      .from(`(${ranked.getQuery()})`, 'ranked')
      .setParameters(ranked.getParameters())
      .where('ranked.rank <= :limit', { limit: first + 1 })
      .getRawMany<{ id: string }>();
    const rows = pageIds.length
      ? await this.dataSource.getRepository(Requirement).find({
          where: { id: In(pageIds.map((p) => p.id)) },
          order: { position: 'ASC', id: 'ASC' },
        })
      : [];

    return frameworkIds.map((frameworkId) => {
      const mine = rows.filter((r) => r.frameworkId === frameworkId);
      const nodes = mine.slice(0, first);
      const edges = nodes.map((node) => ({ node, cursor: encodeCursor([node.position, node.id]) }));
      return {
        edges,
        totalCount: totals.find((t) => t.frameworkId === frameworkId)?.count ?? 0,
        pageInfo: {
          hasNextPage: mine.length > first,
          hasPreviousPage: Boolean(after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    });
  }

  /** Current requirements per framework and kind. */
  kindCounts(organisationId: string, frameworkIds: readonly string[]) {
    return this.requirements(organisationId)
      .select('r.frameworkId', 'frameworkId')
      .addSelect('r.kind', 'kind')
      .addSelect('COUNT(*)::int', 'count')
      .andWhere('r.frameworkId IN (:...frameworkIds)', { frameworkIds })
      .andWhere('r.retiredAt IS NULL')
      .groupBy('r.frameworkId')
      .addGroupBy('r.kind')
      .orderBy('r.kind')
      .getRawMany<{ frameworkId: string; kind: RequirementKind; count: number }>();
  }

  /**
   * Every mapping touching the given requirements, in both directions: a stored row is FORWARD for its
   * source and DERIVED (relationship inverted) for its target. Only the built-in mapping sets and the
   * organisation's own are read. Keyed by requirement id.
   */
  async mappingsFor(
    organisationId: string,
    requirementIds: readonly string[],
  ): Promise<Map<string, RequirementMappingView[]>> {
    const result = new Map<string, RequirementMappingView[]>(requirementIds.map((id) => [id, []]));
    if (requirementIds.length === 0) return result;
    const rows = await visibleTo(
      this.dataSource
        .getRepository(Mapping)
        .createQueryBuilder('m')
        .where(
          new Brackets((w) =>
            w.where('m.sourceRequirementId IN (:...ids)').orWhere('m.targetRequirementId IN (:...ids)'),
          ),
          { ids: requirementIds },
        ),
      'm',
      organisationId,
    )
      .orderBy('m.mappingSetId')
      .addOrderBy('m.position')
      .getMany();
    const view = (m: Mapping, direction: MappingDirection): RequirementMappingView => ({
      mappingId: m.id,
      mappingSetId: m.mappingSetId,
      requirementId: direction === MappingDirection.FORWARD ? m.sourceRequirementId : m.targetRequirementId,
      otherRequirementId:
        direction === MappingDirection.FORWARD ? m.targetRequirementId : m.sourceRequirementId,
      direction,
      relationship: relationshipFrom(direction, m.relationship),
      rationale: m.rationale,
      strength: m.strength,
    });
    for (const m of rows) {
      result.get(m.sourceRequirementId)?.push(view(m, MappingDirection.FORWARD));
      result.get(m.targetRequirementId)?.push(view(m, MappingDirection.DERIVED));
    }
    return result;
  }

  listMappingSets(organisationId: string, filter: MappingSetFilter = {}): Promise<MappingSet[]> {
    const qb = visibleTo(
      this.dataSource.getRepository(MappingSet).createQueryBuilder('s'),
      's',
      organisationId,
    );
    if (filter.frameworkUrn) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM framework f WHERE f.urn = :frameworkUrn
           AND f.id IN (s.source_framework_id, s.target_framework_id))`,
        { frameworkUrn: filter.frameworkUrn },
      );
    }
    return qb.orderBy('s.organisationId', 'ASC', 'NULLS FIRST').addOrderBy('s.name', 'ASC').getMany();
  }

  mappingSetsByIds(organisationId: string, ids: readonly string[]): Promise<MappingSet[]> {
    return visibleTo(this.dataSource.getRepository(MappingSet).createQueryBuilder('s'), 's', organisationId)
      .andWhere('s.id IN (:...ids)', { ids })
      .getMany();
  }

  /** The stored rows of the given sets, in file order. */
  mappingsOfSets(organisationId: string, mappingSetIds: readonly string[]): Promise<Mapping[]> {
    return visibleTo(this.dataSource.getRepository(Mapping).createQueryBuilder('m'), 'm', organisationId)
      .andWhere('m.mappingSetId IN (:...mappingSetIds)', { mappingSetIds })
      .orderBy('m.position', 'ASC')
      .getMany();
  }
}
