import { EntityManager, In } from 'typeorm';
import { Membership } from './membership.entity';
import { User } from './user.entity';

/** Display names of the given users who are or were members of the organisation (others are left out). */
export async function memberNames(
  manager: EntityManager,
  organisationId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await manager
    .getRepository(User)
    .createQueryBuilder('u')
    .innerJoin(Membership, 'm', 'm.userId = u.id AND m.organisationId = :org', { org: organisationId })
    .where({ id: In(ids) })
    .select(['u.id', 'u.name'])
    .getMany();
  return new Map(rows.map((u) => [u.id, u.name]));
}
