import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Rows visible in a scope: the built-ins (organisation NULL), plus the organisation's own when there is
 * one. Every catalog query goes through here, so another organisation's private rows are never read.
 */
export function visibleTo<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  organisationId: string | null,
): SelectQueryBuilder<T> {
  if (organisationId === null) return qb.andWhere(`${alias}.organisationId IS NULL`);
  return qb.andWhere(
    new Brackets((w) =>
      w
        .where(`${alias}.organisationId IS NULL`)
        .orWhere(`${alias}.organisationId = :scopeOrg`, { scopeOrg: organisationId }),
    ),
  );
}
