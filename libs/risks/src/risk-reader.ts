import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CatalogService } from '@aims/catalog';
import { Actor, Clock, Connection, findTenantRow, keysetPage, likePattern, plainRows } from '@aims/platform';
import { RiskFilter } from './dto/risk.inputs';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskAssessment } from './risk-assessment.entity';
import { RiskCriteriaService } from './risk-criteria.service';
import { isAboveAppetite } from './risk-level';
import { RiskStatus } from './risk-status';
import { Risk } from './risk.entity';

/** Where an open risk stands, as other domains (PDCA cycles) need it. */
export interface RiskPosition {
  id: string;
  title: string;
  status: RiskStatus;
  /** Its current level (residual, else inherent) is above the organisation's appetite. */
  aboveAppetite: boolean;
  aiSystemIds: string[];
  acceptedUntil: Date | null;
}

/** A risk's link to an AI system. */
export type SystemLink = Pick<RiskAISystem, 'riskId' | 'aiSystemId'>;

/** Reads of the risk register: lists, history and batch reads for loaders and other domains. */
@Injectable()
export class RiskReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly criteria: RiskCriteriaService,
    private readonly catalog: CatalogService,
  ) {}

  async list(actor: Actor, filter: RiskFilter, first: number, after?: string): Promise<Connection<Risk>> {
    const qb = this.dataSource
      .getRepository(Risk)
      .createQueryBuilder('r')
      .where('r.organisationId = :org', { org: actor.organisationId });
    if (filter.aiSystemId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM risk_ai_system l WHERE l.risk_id = r.id AND l.organisation_id = :org AND l.ai_system_id = :system)',
        { system: filter.aiSystemId },
      );
    }
    if (filter.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.status });
    if (filter.inherentLevel !== undefined && filter.inherentLevel !== null) {
      qb.andWhere('r.inherentLevel = :inherentLevel', { inherentLevel: filter.inherentLevel });
    }
    if (filter.residualLevel !== undefined && filter.residualLevel !== null) {
      qb.andWhere('r.residualLevel = :residualLevel', { residualLevel: filter.residualLevel });
    }
    if (filter.ownerId) qb.andWhere('r.ownerId = :owner', { owner: filter.ownerId });
    if (filter.reviewOverdue !== undefined && filter.reviewOverdue !== null) {
      qb.andWhere(
        filter.reviewOverdue
          ? "(r.nextReviewAt <= :now AND r.status <> 'CLOSED')"
          : "(r.nextReviewAt IS NULL OR r.nextReviewAt > :now OR r.status = 'CLOSED')",
        { now: this.clock.now() },
      );
    }
    if (filter.tc260NodeUrn) qb.andWhere(':node = ANY(r.tc260NodeUrns)', { node: filter.tc260NodeUrn });
    if (filter.aboveAppetite !== undefined && filter.aboveAppetite !== null) {
      const { appetiteLevel } = await this.criteria.effective(actor.organisationId);
      qb.andWhere(
        `COALESCE(r.residualLevel, r.inherentLevel) ${filter.aboveAppetite ? '>' : '<='} :appetite`,
        { appetite: appetiteLevel },
      );
    }
    if (filter.text) {
      qb.andWhere('(r.title ILIKE :text OR r.description ILIKE :text)', { text: likePattern(filter.text) });
    }
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'r.createdAt', value: (r) => r.createdAt, direction: 'DESC' },
      idColumn: 'r.id',
      id: (r) => r.id,
    });
  }

  async get(actor: Actor, id: string): Promise<Risk> {
    return findTenantRow(this.dataSource.manager, Risk, 'Risk', actor.organisationId, id);
  }

  /** The organisation's risks among `ids` (missing and foreign ids are simply absent): for other domains' links. */
  findByIds(
    organisationId: string,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Risk[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(Risk).findBy({ organisationId, id: In([...new Set(ids)]) });
  }

  /** The assessment history of one risk as a time series, oldest first. */
  async history(
    actor: Actor,
    riskId: string,
    first: number,
    after?: string,
  ): Promise<Connection<RiskAssessment>> {
    await this.get(actor, riskId);
    const qb = this.dataSource
      .getRepository(RiskAssessment)
      .createQueryBuilder('a')
      .where('a.organisationId = :org AND a.riskId = :riskId', { org: actor.organisationId, riskId });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'a.sequence', value: (a) => a.sequence, direction: 'ASC', kind: 'number' },
      idColumn: 'a.id',
      id: (a) => a.id,
    });
  }

  /**
   * Every risk not CLOSED with its AI systems and its position against the appetite, in one statement:
   * what PDCA phase gates and cycle carry-over read (42001 6.1.3, 8.3).
   */
  async openRiskPositions(
    organisationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RiskPosition[]> {
    const criteria = await this.criteria.effective(organisationId, manager);
    const rows = await manager
      .getRepository(Risk)
      .createQueryBuilder('r')
      .leftJoin(RiskAISystem, 'l', 'l.riskId = r.id AND l.organisationId = r.organisationId')
      .select('r.id', 'id')
      .addSelect('r.title', 'title')
      .addSelect('r.status', 'status')
      .addSelect('COALESCE(r.residualLevel, r.inherentLevel)', 'level')
      .addSelect('r.acceptedUntil', 'acceptedUntil')
      .addSelect(
        'array_remove(array_agg(CAST(l.aiSystemId AS text) ORDER BY l.aiSystemId), NULL)',
        'aiSystemIds',
      )
      .where('r.organisationId = :org', { org: organisationId })
      .andWhere("r.status <> 'CLOSED'")
      .groupBy('r.id')
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getRawMany<{
        id: string;
        title: string;
        status: RiskStatus;
        level: number | null;
        acceptedUntil: Date | null;
        aiSystemIds: string[];
      }>();
    return rows.map(({ level, ...row }) => ({
      ...row,
      aboveAppetite: level !== null && isAboveAppetite(criteria, level),
    }));
  }

  /**
   * Batch reads for per-request loaders: one statement each whatever the page size. The AI system links
   * of the given risks, oldest first: the two ids only, as plain rows.
   */
  systemLinks(organisationId: string, riskIds: readonly string[]): Promise<SystemLink[]> {
    return this.dataSource
      .getRepository(RiskAISystem)
      .createQueryBuilder('l')
      .select('l.riskId', 'riskId')
      .addSelect('l.aiSystemId', 'aiSystemId')
      .where('l.organisationId = :org AND l.riskId IN (:...ids)', { org: organisationId, ids: riskIds })
      .orderBy('l.createdAt', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .getRawMany<SystemLink>();
  }

  risksOfSystems(organisationId: string, aiSystemIds: readonly string[]): Promise<RiskAISystem[]> {
    return this.dataSource.getRepository(RiskAISystem).find({
      where: { organisationId, aiSystemId: In([...aiSystemIds]) },
      relations: { risk: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  async latestAssessments(organisationId: string, riskIds: readonly string[]): Promise<RiskAssessment[]> {
    const { rows } = await plainRows(
      this.dataSource
        .getRepository(RiskAssessment)
        .createQueryBuilder('a')
        .distinctOn(['a.riskId'])
        .where('a.organisationId = :org AND a.riskId IN (:...ids)', { org: organisationId, ids: riskIds })
        .orderBy('a.riskId')
        .addOrderBy('a.sequence', 'DESC'),
    );
    return rows;
  }

  assessmentsOf(organisationId: string, riskIds: readonly string[]): Promise<RiskAssessment[]> {
    return this.dataSource.getRepository(RiskAssessment).find({
      where: { organisationId, riskId: In([...riskIds]) },
      order: { sequence: 'ASC' },
    });
  }

  requirements(organisationId: string, urns: readonly string[]) {
    return this.catalog.findRequirementsByUrns(organisationId, urns, { includeRetired: true });
  }
}
