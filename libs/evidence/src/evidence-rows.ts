import { EntityManager } from 'typeorm';
import { findTenantRow, lockTenantRow } from '@aims/platform';
import { EvidenceItem } from './evidence-item.entity';

/** The organisation's evidence item, locked FOR UPDATE for the rest of the transaction, or NOT_FOUND. */
export const lockItem = (manager: EntityManager, organisationId: string, id: string) =>
  lockTenantRow(manager, EvidenceItem, 'EvidenceItem', organisationId, id);

/** The organisation's evidence item, or NOT_FOUND. */
export const findItem = (manager: EntityManager, organisationId: string, id: string) =>
  findTenantRow(manager, EvidenceItem, 'EvidenceItem', organisationId, id);
