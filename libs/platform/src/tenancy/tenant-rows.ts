import { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { NotFound } from '../errors/domain-errors';
import { TenantEntity } from '../database/tenant-entity';

/**
 * One row of the organisation by id; NOT_FOUND when it is missing or another organisation's, so a foreign
 * id behaves exactly like a random one. `name` is the GraphQL type the error names.
 */
export async function findTenantRow<T extends TenantEntity>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  name: string,
  organisationId: string,
  id: string,
): Promise<T> {
  const row = await manager.getRepository(entity).findOneBy({ id, organisationId } as FindOptionsWhere<T>);
  if (!row) throw new NotFound(name, id);
  return row;
}

/** The same row locked FOR UPDATE for the rest of the caller's transaction. */
export async function lockTenantRow<T extends TenantEntity>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  name: string,
  organisationId: string,
  id: string,
): Promise<T> {
  const row = await manager
    .getRepository(entity)
    .createQueryBuilder('t')
    .setLock('pessimistic_write')
    .where('t.id = :id AND t.organisationId = :org', { id, org: organisationId })
    .getOne();
  if (!row) throw new NotFound(name, id);
  return row;
}
