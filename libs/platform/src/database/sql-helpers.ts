/** Escapes LIKE wildcards so a search for `50%` finds the text `50%`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The distinct values, in first-seen order (ids for an `IN (...)` list). */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
