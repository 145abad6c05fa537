import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { rowsAsOf } from '@aims/audit-log';
import { groupByKey } from '@aims/platform';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskAssessment } from './risk-assessment.entity';
import { riskLevel, RiskCriteriaDefinition, scheduleReview } from './risk-level';
import { Risk } from './risk.entity';
import { RiskStatus } from './risk-status';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The fields of a risk a pack shows, rolled back to `asOf` from their audited changes. */
const AS_OF_FIELDS = [
  'title',
  'description',
  'status',
  'ownerId',
  'riskSourceUrns',
  'trustworthinessCharacteristicUrns',
  'treatmentOption',
  'controlUrns',
  'acceptedById',
  'acceptedAt',
  'acceptedUntil',
  'acceptanceRationale',
  'reviewRequestedAt',
] as const;

/** A risk as it stood at `asOf` (dates of rolled-back fields as the audit event holds them). */
type RiskAsOf = Omit<Risk, 'acceptedAt' | 'acceptedUntil' | 'reviewRequestedAt'> & {
  acceptedAt: Date | string | null;
  acceptedUntil: Date | string | null;
  reviewRequestedAt: Date | string | null;
  aiSystemIds: string[];
};

export interface PackRiskScoreRecord {
  likelihood: number;
  consequence: number;
  level: number;
  levelLabel: string;
}

/** A risk as an evidence pack shows it (names of people resolved by the caller). */
export interface RiskPackRecord {
  id: string;
  title: string;
  description: string | null;
  status: string;
  ownerId: string | null;
  aiSystemIds: string[];
  riskSourceUrns: string[];
  taxonomyUrns: string[];
  inherent: PackRiskScoreRecord | null;
  residual: PackRiskScoreRecord | null;
  treatmentOption: string | null;
  controlUrns: string[];
  acceptance: {
    acceptedById: string | null;
    acceptedAt: string;
    expiresAt: string | null;
    rationale: string;
  } | null;
  nextReviewAt: string | null;
  lastAssessedAt: string | null;
}

function score(
  criteria: RiskCriteriaDefinition,
  likelihood: number | null | undefined,
  consequence: number | null | undefined,
): PackRiskScoreRecord | null {
  if (likelihood == null || consequence == null) return null;
  const level = riskLevel(criteria, likelihood, consequence);
  if (level === null) return null;
  return { likelihood, consequence, level, levelLabel: criteria.levels[level]?.label ?? String(level) };
}

/**
 * The organisation's register as of `asOf` (risks created by then), in id order. What a risk is about, its
 * status, treatment, acceptance and AI systems are its current values with every change audited after
 * `asOf` rolled back (`rowsAsOf`). Scores come from each
 * risk's latest assessment made by `asOf` (none yet: unscored), and so do the last assessment time and the
 * next review derived from them: a reassessment after `asOf` changes neither the pack nor its bytes.
 * Levels and review intervals are those of `criteria`.
 */
export async function readRisksForPack(
  manager: EntityManager,
  organisationId: string,
  criteria: RiskCriteriaDefinition,
  asOf: Date,
): Promise<RiskPackRecord[]> {
  const risks = await manager
    .getRepository(Risk)
    .find({ where: { organisationId, createdAt: LessThanOrEqual(asOf) }, order: { id: 'ASC' } });
  const links = risks.length
    ? await manager.getRepository(RiskAISystem).find({
        where: { organisationId, riskId: In(risks.map((r) => r.id)) },
        order: { aiSystemId: 'ASC' },
      })
    : [];
  const assessed = new Map<string, RiskAssessment>();
  if (risks.length) {
    const latest = await manager
      .getRepository(RiskAssessment)
      .createQueryBuilder('a')
      .distinctOn(['a.riskId'])
      .where('a.organisationId = :organisationId AND a.riskId IN (:...ids) AND a.assessedAt <= :asOf', {
        organisationId,
        ids: risks.map((r) => r.id),
        asOf,
      })
      .orderBy('a.riskId')
      .addOrderBy('a.sequence', 'DESC')
      .getMany();
    for (const a of latest) assessed.set(a.riskId, a);
  }
  const linksOf = groupByKey(
    risks.map((r) => r.id),
    links,
    (l) => l.riskId,
  );
  const linked: RiskAsOf[] = risks.map((current, i) => ({
    ...current,
    aiSystemIds: linksOf[i].map((l) => l.aiSystemId),
  }));
  const asOfRisks = await rowsAsOf(
    manager,
    organisationId,
    'Risk',
    linked,
    [...AS_OF_FIELDS, 'aiSystemIds'],
    asOf,
  );
  // A risk has a status from its creation on: none at asOf means its creation was recorded after asOf.
  return asOfRisks
    .filter((r) => r.status !== null)
    .map((r) => {
      const a = assessed.get(r.id);
      const inherent = score(criteria, a?.inherentLikelihood, a?.inherentConsequence);
      const residual = score(criteria, a?.residualLikelihood, a?.residualConsequence);
      const lastAssessedAt = a?.assessedAt ?? null;
      const requested = r.reviewRequestedAt === null ? null : new Date(r.reviewRequestedAt);
      const nextReviewAt = scheduleReview(criteria, {
        closed: r.status === RiskStatus.CLOSED,
        level: (residual ?? inherent)?.level ?? null,
        lastAssessedAt,
        reviewRequestedAt: requested && requested <= asOf ? requested : null,
      });
      return {
        id: r.id,
        title: r.title,
        description: r.description,
        status: r.status,
        ownerId: r.ownerId,
        aiSystemIds: [...r.aiSystemIds].sort(),
        riskSourceUrns: [...r.riskSourceUrns].sort(),
        taxonomyUrns: [...r.trustworthinessCharacteristicUrns].sort(),
        inherent,
        residual,
        treatmentOption: r.treatmentOption,
        controlUrns: [...r.controlUrns].sort(),
        acceptance: r.acceptedAt
          ? {
              acceptedById: r.acceptedById,
              acceptedAt: iso(r.acceptedAt) as string,
              expiresAt: iso(r.acceptedUntil),
              rationale: r.acceptanceRationale ?? '',
            }
          : null,
        nextReviewAt: iso(nextReviewAt),
        lastAssessedAt: iso(lastAssessedAt),
      };
    });
}
