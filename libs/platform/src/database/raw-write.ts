import { EntityManager } from 'typeorm';

export interface RawWriteResult<T> {
  /** The rows of the statement's RETURNING clause (none without one). */
  rows: T[];
  /** Rows inserted, updated or deleted. */
  rowCount: number;
}

/**
 * Runs a raw INSERT, UPDATE or DELETE (usually with RETURNING) in `manager`'s transaction, if any.
 * `manager.query()` answers `[rows, rowCount]` for UPDATE and DELETE but bare rows for INSERT and
 * SELECT; iterating that pair as rows is an easy mistake, so raw writes go through this one shape.
 */
export async function rawWrite<T extends object>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<RawWriteResult<T>> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    const rows = (result.records ?? []) as T[];
    return { rows, rowCount: result.affected ?? rows.length };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
