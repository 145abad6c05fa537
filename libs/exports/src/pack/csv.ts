/** A cell: text, a number, a yes/no, or empty. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV document (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break,
 * quotes doubled), UTF-8 without a byte-order mark. Text cells starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return get a leading `'` so a spreadsheet never evaluates them as a formula (OWASP
 * "CSV injection"); numbers are written as they are.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
