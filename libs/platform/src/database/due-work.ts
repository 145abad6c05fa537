/**
 * One kind of due work as SQL over the table that owns it, for a sweep to compose: `from` is `<table> s`
 * plus joins, `$1` is the sweep's time. Kept next to the table, so a column rename is one file's change.
 */
export interface DueWorkQuery {
  from: string;
  /** Repeats the predicate of a partial index on `due`, so batches walk that index in (due, id) order. */
  where: string;
  due: string;
  assignee: string;
  title: string;
}
