import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskCriteriaDefinition } from './risk-level';
import { Risk } from './risk.entity';

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

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
  likelihood: number | null,
  consequence: number | null,
  level: number | null,
): PackRiskScoreRecord | null {
  if (likelihood === null || consequence === null || level === null) return null;
  return { likelihood, consequence, level, levelLabel: criteria.levels[level]?.label ?? String(level) };
}

/** The organisation's register as of `asOf` (risks created by then), in id order. */
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
  return risks.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    status: r.status,
    ownerId: r.ownerId,
    aiSystemIds: links.filter((l) => l.riskId === r.id).map((l) => l.aiSystemId),
    riskSourceUrns: [...r.riskSourceUrns].sort(),
    taxonomyUrns: [...r.trustworthinessCharacteristicUrns].sort(),
    inherent: score(criteria, r.inherentLikelihood, r.inherentConsequence, r.inherentLevel),
    residual: score(criteria, r.residualLikelihood, r.residualConsequence, r.residualLevel),
    treatmentOption: r.treatmentOption,
    controlUrns: [...r.controlUrns].sort(),
    acceptance: r.acceptedAt
      ? {
          acceptedById: r.acceptedById,
          acceptedAt: r.acceptedAt.toISOString(),
          expiresAt: iso(r.acceptedUntil),
          rationale: r.acceptanceRationale ?? '',
        }
      : null,
    nextReviewAt: iso(r.nextReviewAt),
    lastAssessedAt: iso(r.lastAssessedAt),
  }));
}
