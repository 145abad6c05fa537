import DataLoader from 'dataloader';
import { byIdLoader, GraphQLContext } from '@aims/platform';
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
