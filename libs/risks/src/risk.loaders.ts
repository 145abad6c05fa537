import DataLoader from 'dataloader';
import { Requirement } from '@aims/catalog';
import { byIdLoader, childrenLoader, GraphQLContext, groupByKey } from '@aims/platform';
import { EffectiveRiskCriteria, RiskCriteriaService } from './risk-criteria.service';
import { RiskAssessment } from './risk-assessment.entity';
import { Risk } from './risk.entity';
import { RiskReader, SystemLink } from './risk-reader';

/** The organisation's risks by id. */
export function riskLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, Risk | null> {
  return byIdLoader<Risk>(
    ctx,
    'cycle-risks',
    organisationId,
    (ids) => risks.findByIds(organisationId, ids),
    (r) => r.id,
  );
}

/** The organisation's criteria, read once per request however many levels a page shows. */
export function criteriaLoader(
  ctx: GraphQLContext,
  criteria: RiskCriteriaService,
  organisationId: string,
): DataLoader<string, EffectiveRiskCriteria> {
  return ctx.loaders.get<string, EffectiveRiskCriteria>(`risk-criteria:${organisationId}`, async (keys) => {
    const effective = await criteria.effective(organisationId);
    return keys.map(() => effective);
  });
}

/** The AI system links of a risk, by risk id. */
export function systemLinksLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, SystemLink[]> {
  return childrenLoader<SystemLink>(
    ctx,
    'risk-system-links',
    organisationId,
    (ids) => risks.systemLinks(organisationId, ids),
    (l) => l.riskId,
  );
}

/** The risks linked to an AI system, newest first, by system id. */
export function systemRisksLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, Risk[]> {
  return ctx.loaders.get<string, Risk[]>(`ai-system-risks:${organisationId}`, async (ids) => {
    const links = await risks.risksOfSystems(organisationId, ids);
    return groupByKey(ids, links, (l) => l.aiSystemId).map((group) => group.map((l) => l.risk as Risk));
  });
}

/** A risk's latest assessment, by risk id. */
export function latestAssessmentLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, RiskAssessment | null> {
  return byIdLoader<RiskAssessment>(
    ctx,
    'risk-latest-assessment',
    organisationId,
    (ids) => risks.latestAssessments(organisationId, ids),
    (a) => a.riskId,
  );
}

/** Every assessment of a risk, oldest first, by risk id. */
export function assessmentsLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, RiskAssessment[]> {
  return childrenLoader<RiskAssessment>(
    ctx,
    'risk-assessments',
    organisationId,
    (ids) => risks.assessmentsOf(organisationId, ids),
    (a) => a.riskId,
  );
}

/** Catalog requirements a risk refers to, retired ones included, by URN. */
export function requirementLoader(
  ctx: GraphQLContext,
  risks: RiskReader,
  organisationId: string,
): DataLoader<string, Requirement | null> {
  return byIdLoader<Requirement>(
    ctx,
    'risk-requirements',
    organisationId,
    (urns) => risks.requirements(organisationId, urns),
    (r) => r.urn,
  );
}
