import DataLoader from 'dataloader';
import { byIdLoader, GraphQLContext } from '@aims/platform';
import { AISystem } from './ai-system.entity';
import { AISystemService } from './ai-system.service';

/** The organisation's AI systems by id. */
export function aiSystemLoader(
  ctx: GraphQLContext,
  systems: AISystemService,
  organisationId: string,
): DataLoader<string, AISystem | null> {
  return byIdLoader(
    ctx,
    'ai-systems',
    organisationId,
    (ids) => systems.findByIds(organisationId, ids),
    (s) => s.id,
  );
}
