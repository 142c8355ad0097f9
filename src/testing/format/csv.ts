/**
 * Zoho's bulk-read CSV dialect (measured on real exports, DESIGN.md): records end in CRLF; a value
 * is quoted only when it holds whitespace, a comma, a double quote or an apostrophe, and quotes
 * inside are doubled; empty values are written as nothing; no BOM.
 *
 * Hand-written rather than csv-stringify: this is the hot loop of a 1,000,000-record export and
 * the rule is three lines; the tests check it against csv-parse.
 */

const NEEDS_QUOTES = /[\s,"']/;

/** One CSV cell in Zoho's quoting rule. */
export function csvCell(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/** One CSV record including its CRLF end. */
export function csvRow(values: readonly string[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += csvCell(values[i] ?? '');
  }
  return `${out}\r\n`;
}

export interface ToZohoCsvOptions {
  /** Column order. @default the keys of the first row */
  columns?: readonly string[];
  /** Start with a UTF-8 byte order mark. @default false */
  bom?: boolean;
}

/** Rows (objects keyed by column) as a Zoho-style CSV text, header first. */
export function toZohoCsv(
  rows: Iterable<Readonly<Record<string, string>>>,
  options: ToZohoCsvOptions = {},
): string {
  let columns = options.columns;
  let body = '';
  for (const row of rows) {
    columns ??= Object.keys(row);
    body += csvRow(columns.map((column) => row[column] ?? ''));
  }
  return `${options.bom ? '\uFEFF' : ''}${csvRow(columns ?? [])}${body}`;
}
