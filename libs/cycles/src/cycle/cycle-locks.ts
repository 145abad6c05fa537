import { EntityManager, EntityTarget } from 'typeorm';
import { Actor, Conflict, findTenantRow, NotFound, TenantEntity } from '@aims/platform';
import { CyclePhase } from './cycle.enums';
import { Cycle } from './cycle.entity';

/**
 * A cycle about to receive a record, locked FOR SHARE so that its phase cannot change until the record
 * commits (advanceCycle locks it FOR UPDATE), and refused once closed: a closed cycle is history.
 */
export async function openCycle(manager: EntityManager, actor: Actor, cycleId: string): Promise<Cycle> {
  const cycle = await manager
    .getRepository(Cycle)
    .createQueryBuilder('c')
    .setLock('pessimistic_read')
    .where('c.id = :id AND c.organisationId = :org', { id: cycleId, org: actor.organisationId })
    .getOne();
  if (!cycle) throw new NotFound('Cycle', cycleId);
  if (cycle.phase === CyclePhase.CLOSED) throw new Conflict(`Cycle ${cycle.id} is closed`);
  return cycle;
}

/**
 * A record of a cycle, locked FOR UPDATE together with its open cycle. The cycle is locked first, as
 * advanceCycle does, so a record change and a phase change never deadlock.
 */
export async function lockRecord<T extends TenantEntity & { cycleId: string }>(
  manager: EntityManager,
  actor: Actor,
  entity: EntityTarget<T>,
  name: string,
  id: string,
): Promise<{ cycle: Cycle; record: T }> {
  const found = await findTenantRow(manager, entity, name, actor.organisationId, id);
  const cycle = await openCycle(manager, actor, found.cycleId);
  const record = await manager
    .getRepository(entity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.id = :id AND r.organisationId = :org', { id, org: actor.organisationId })
    .getOneOrFail();
  return { cycle, record };
}
