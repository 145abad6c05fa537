import DataLoader from 'dataloader';
import { MembershipService, User } from '@aims/identity';
import { byKey, GraphQLContext } from '@aims/platform';
import { AISystem } from './ai-system.entity';
import { AISystemService } from './ai-system.service';

/** Members of the organisation by user id, one statement per request for any number of owners. */
export function memberLoader(
  ctx: GraphQLContext,
  members: MembershipService,
  organisationId: string,
): DataLoader<string, User | null> {
  return ctx.loaders.get<string, User | null>(`members:${organisationId}`, async (ids) =>
    byKey(ids, await members.memberUsers(organisationId, ids), (u) => u.id),
  );
}

/** The organisation's AI systems by id. */
export function aiSystemLoader(
  ctx: GraphQLContext,
  systems: AISystemService,
  organisationId: string,
): DataLoader<string, AISystem | null> {
  return ctx.loaders.get<string, AISystem | null>(`ai-systems:${organisationId}`, async (ids) =>
    byKey(ids, await systems.findByIds(organisationId, ids), (s) => s.id),
  );
}
