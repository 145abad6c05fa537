import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The main entity's rows of a read-only query as plain objects: every column TypeORM would select, under
 * its property name, with the value it would hydrate (driver conversion and column transformers), but
 * without building entity instances (what a GraphQL page spends much of its time and garbage on).
 * Joins only filter; joined relations are not read. `extra` selects more expressions by alias, returned
 * one record per row in `extras`. The builder's limit applies as is (use `limit`, not `take`).
 */
export async function plainRows<T extends ObjectLiteral, X extends string = never>(
  qb: SelectQueryBuilder<T>,
  extra: Partial<Record<X, string>> = {},
): Promise<{ rows: T[]; extras: Record<X, unknown>[] }> {
  const { mainAlias } = qb.expressionMap;
  if (!mainAlias?.hasMetadata) throw new Error('plainRows reads an entity query');
  const driver = qb.connection.driver;
  const columns = mainAlias.metadata.columns.filter((c) => c.isSelect && !c.isVirtual);
  const alias = qb.escape(mainAlias.name);
  const select = qb.clone().select(columns.map((c, i) => `${alias}.${qb.escape(c.databaseName)} AS "c${i}"`));
  const names = Object.keys(extra) as X[];
  for (const name of names) select.addSelect(extra[name] as string, name);
  const raws = await select.getRawMany<Record<string, unknown>>();
  const extras = raws.map((raw) => {
    const values = {} as Record<X, unknown>;
    for (const name of names) values[name] = raw[name];
    return values;
  });
  // Per column once, not per row and column: its result key and where the value goes.
  const fields = columns.map((column, i) => ({ column, key: `c${i}`, name: column.propertyName }));
  const rows = raws.map((raw) => {
    const row = {} as Record<string, unknown>;
    for (const { column, key, name } of fields) {
      const value = driver.prepareHydratedValue(raw[key], column);
      if (column.embeddedMetadata) column.setEntityValue(row, value);
      else row[name] = value;
    }
    return row as T;
  });
  return { rows, extras };
}
