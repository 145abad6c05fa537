import DataLoader from 'dataloader';
import { byIdLoader, GraphQLContext } from '@aims/platform';
import { EffectiveRiskCriteria, RiskCriteriaService } from './risk-criteria.service';
import { Risk } from './risk.entity';
import { RiskReader } from './risk-reader';

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
