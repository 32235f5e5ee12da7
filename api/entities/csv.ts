/** CSV output (RFC 4180): fields quoted when they hold a delimiter, quote or line break. */

export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, with its CRLF (what spreadsheet software expects). */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** UTF-8 byte-order mark: makes Excel read a UTF-8 CSV as UTF-8 rather than the local code page. */
export const UTF8_BOM = '\uFEFF';
