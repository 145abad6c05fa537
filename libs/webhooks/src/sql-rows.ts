/** TypeORM's PostgreSQL driver answers UPDATE and DELETE statements with `[rows, count]`; this gives the rows. */
export function returnedRows<T>(result: unknown): T[] {
  const isPair =
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (isPair ? result[0] : result) as T[];
}
