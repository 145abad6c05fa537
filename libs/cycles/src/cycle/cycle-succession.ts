/** How a closing cycle names and dates the one that follows it. Pure. */

/**
 * The next cycle's name: the last number in the name counts up, keeping its width ("FY2026" → "FY2027",
 * "AIMS 2026 H1" → "AIMS 2026 H2", "Cycle 09" → "Cycle 10"); a name without a number gets the sequence.
 */
export function nextCycleName(name: string, nextSequence: number): string {
  const match = /^(.*?)(\d+)(\D*)$/.exec(name);
  if (!match) return `${name} (cycle ${nextSequence})`;
  const [, head, digits, tail] = match;
  return `${head}${String(Number(digits) + 1).padStart(digits.length, '0')}${tail}`;
}

/** The next period starts where this one ends (ends are exclusive) and lasts as long. */
export function nextPeriod(start: Date, end: Date): { start: Date; end: Date } {
  return { start: new Date(end.getTime()), end: new Date(2 * end.getTime() - start.getTime()) };
}
