import DataLoader from 'dataloader';
import { byIdLoader, GraphQLContext } from '@aims/platform';
import { MembershipService } from './membership.service';
import { User } from './user.entity';

/** Members of the organisation by user id, one statement per request for any number of owners. */
export function memberLoader(
  ctx: GraphQLContext,
  members: MembershipService,
  organisationId: string,
): DataLoader<string, User | null> {
  return byIdLoader(
    ctx,
    'members',
    organisationId,
    (ids) => members.memberUsers(organisationId, ids),
    (u) => u.id,
  );
}
