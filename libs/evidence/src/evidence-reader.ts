import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { CatalogService } from '@aims/catalog';
import { unique } from '@aims/platform';
import { RiskReader } from '@aims/risks';
import { EvidenceLinkTargetType } from './evidence.enums';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';

export interface LinkTarget {
  targetType: EvidenceLinkTargetType;
  targetId: string;
}

export interface InForceLink extends LinkTarget {
  evidenceItemId: string;
}

/** Batch reads of evidence for per-request loaders and for coverage: one statement each whatever the page size. */
@Injectable()
export class EvidenceReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly risks: RiskReader,
  ) {}

  versionsByIds(organisationId: string, ids: readonly string[]): Promise<EvidenceVersion[]> {
    return this.dataSource.getRepository(EvidenceVersion).findBy({ organisationId, id: In([...ids]) });
  }

  versionsOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceVersion[]> {
    return this.dataSource.getRepository(EvidenceVersion).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { number: 'DESC' },
    });
  }

  reviewsOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceReview[]> {
    return this.dataSource.getRepository(EvidenceReview).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { reviewedAt: 'DESC', createdAt: 'DESC', id: 'DESC' },
    });
  }

  linksOf(organisationId: string, itemIds: readonly string[]): Promise<EvidenceLink[]> {
    return this.dataSource.getRepository(EvidenceLink).find({
      where: { organisationId, evidenceItemId: In([...itemIds]) },
      order: { createdAt: 'ASC', targetType: 'ASC', targetId: 'ASC' },
    });
  }

  requirements(organisationId: string, urns: readonly string[]) {
    return this.catalog.findRequirementsByUrns(organisationId, urns, { includeRetired: true });
  }

  risksByIds(organisationId: string, ids: readonly string[]) {
    return this.risks.findByIds(organisationId, ids);
  }

  /**
   * Accepted evidence in force at `now` (the latest accepted version, in its accepted window) linked to any of the requirement URNs or cycle entities (checklist
   * items, SoA entries) given: the evidence coverage counts. One statement.
   */
  async inForceLinks(
    organisationId: string,
    requirementUrns: readonly string[],
    cycleEntityIds: readonly string[],
    now: Date,
  ): Promise<InForceLink[]> {
    if (requirementUrns.length === 0 && cycleEntityIds.length === 0) return [];
    return (
      this.dataSource
        .getRepository(EvidenceLink)
        .createQueryBuilder('l')
        .innerJoin(EvidenceItem, 'i', 'i.id = l.evidenceItemId AND i.organisationId = l.organisationId')
        // The latest accepted version counts, in the validity window it was accepted with, until a newer
        // version is accepted: a new draft, or a rejected one, does not take it out of coverage.
        .innerJoin(
          EvidenceReview,
          'r',
          "r.evidenceItemId = i.id AND r.organisationId = i.organisationId AND r.versionId = i.acceptedVersionId AND r.decision = 'ACCEPT'",
        )
        .select([
          'l.targetType AS "targetType"',
          'l.targetId AS "targetId"',
          'l.evidenceItemId AS "evidenceItemId"',
        ])
        .where('l.organisationId = :org', { org: organisationId })
        .andWhere('(r.validUntil IS NULL OR r.validUntil >= :now)', { now })
        .andWhere('(r.validFrom IS NULL OR r.validFrom <= :now)')
        .andWhere(
          new Brackets((w) => {
            w.where('1 = 0');
            if (requirementUrns.length) {
              w.orWhere("(l.targetType = 'REQUIREMENT' AND l.targetId IN (:...urns))", {
                urns: unique(requirementUrns),
              });
            }
            if (cycleEntityIds.length) {
              w.orWhere(
                "(l.targetType IN ('CHECKLIST_ITEM', 'SOA_ENTRY') AND l.targetId IN (:...entityIds))",
                {
                  entityIds: unique(cycleEntityIds),
                },
              );
            }
          }),
        )
        .getRawMany()
    );
  }
}
