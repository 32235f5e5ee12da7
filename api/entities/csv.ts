/** CSV output (RFC 4180): fields quoted when they hold a delimiter, quote or line break. */

/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading ' makes a cell text; a plain number (a negative longitude, "-12.5") is never a formula, so it stays a number.
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, with its CRLF (what spreadsheet software expects). */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** UTF-8 byte-order mark: makes Excel read a UTF-8 CSV as UTF-8 rather than the local code page. */
export const UTF8_BOM = '\uFEFF';
