import { Brackets, EntityManager, In } from 'typeorm';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';
import { EvidenceLinkTargetType, EvidenceReviewDecision } from './evidence.enums';

/**
 * One accepted evidence version for a pack, with the link targets that put it in scope. LINK evidence has
 * no stored file: `sha256` and `size` are null and `url` says where it is.
 */
export interface EvidencePackRecord {
  itemId: string;
  title: string;
  kind: string;
  status: string;
  version: number;
  sha256: string | null;
  size: number | null;
  url: string | null;
  mediaType: string;
  originalName: string;
  uploadedAt: string;
  validFrom: string | null;
  validUntil: string | null;
  reviewerId: string | null;
  reviewedAt: string;
  links: { targetType: EvidenceLinkTargetType; targetId: string }[];
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * Evidence linked (by `asOf`) to the given requirements or cycle records whose latest acceptance by `asOf`
 * is of a stored file in force at `asOf`: one record per item, ordered by item id.
 */
export async function readEvidenceForPack(
  manager: EntityManager,
  organisationId: string,
  scope: { requirementUrns: string[]; cycleEntityIds: string[] },
  asOf: Date,
): Promise<EvidencePackRecord[]> {
  if (scope.requirementUrns.length === 0 && scope.cycleEntityIds.length === 0) return [];
  const links = await manager
    .getRepository(EvidenceLink)
    .createQueryBuilder('l')
    .where('l.organisationId = :org AND l.createdAt <= :asOf', { org: organisationId, asOf })
    .andWhere(
      new Brackets((w) => {
        w.where('1 = 0');
        if (scope.requirementUrns.length)
          w.orWhere("(l.targetType = 'REQUIREMENT' AND l.targetId IN (:...urns))", {
            urns: scope.requirementUrns,
          });
        if (scope.cycleEntityIds.length)
          w.orWhere("(l.targetType IN ('CHECKLIST_ITEM', 'SOA_ENTRY') AND l.targetId IN (:...ids))", {
            ids: scope.cycleEntityIds,
          });
      }),
    )
    .orderBy('l.targetType')
    .addOrderBy('l.targetId')
    .getMany();
  const itemIds = [...new Set(links.map((l) => l.evidenceItemId))].sort();
  if (itemIds.length === 0) return [];
  const items = await manager
    .getRepository(EvidenceItem)
    .find({ where: { organisationId, id: In(itemIds) }, order: { id: 'ASC' } });
  // The latest acceptance of each item made by asOf.
  const reviews: EvidenceReview[] = await manager
    .getRepository(EvidenceReview)
    .createQueryBuilder('r')
    .distinctOn(['r.evidenceItemId'])
    .where('r.organisationId = :org AND r.evidenceItemId IN (:...itemIds)', { org: organisationId, itemIds })
    .andWhere('r.decision = :accept AND r.reviewedAt <= :asOf', {
      accept: EvidenceReviewDecision.ACCEPT,
      asOf,
    })
    .orderBy('r.evidenceItemId')
    .addOrderBy('r.reviewedAt', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .getMany();
  const versions = reviews.length
    ? await manager
        .getRepository(EvidenceVersion)
        .findBy({ organisationId, id: In(reviews.map((r) => r.versionId)) })
    : [];
  const records: EvidencePackRecord[] = [];
  for (const item of items) {
    const review = reviews.find((r) => r.evidenceItemId === item.id);
    const version = review && versions.find((v) => v.id === review.versionId);
    if (!review || !version) continue;
    const validFrom = review.validFrom ?? item.validFrom;
    const validUntil = review.validUntil ?? item.validUntil;
    if ((validFrom && validFrom > asOf) || (validUntil && validUntil < asOf)) continue;
    records.push({
      itemId: item.id,
      title: item.title,
      kind: item.kind,
      status: 'ACCEPTED',
      version: version.number,
      sha256: version.sha256,
      size: version.sizeBytes,
      url: version.url,
      mediaType: version.mediaType ?? 'application/octet-stream',
      originalName: version.originalName ?? `evidence-v${version.number}`,
      uploadedAt: version.uploadedAt.toISOString(),
      validFrom: iso(validFrom),
      validUntil: iso(validUntil),
      reviewerId: review.reviewerId,
      reviewedAt: review.reviewedAt.toISOString(),
      links: links
        .filter((l) => l.evidenceItemId === item.id)
        .map((l) => ({ targetType: l.targetType, targetId: l.targetId })),
    });
  }
  return records;
}
