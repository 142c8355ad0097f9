/**
 * Records → CSV text the way Zoho's bulk write reads it (zoho-api.md §3.6): header of API names,
 * CRLF record ends, RFC 4180 quoting (a value is quoted when it holds a comma, a quote, CR or LF, or
 * starts or ends with whitespace), multi-selects joined with `;`, lookups as their id.
 */

import type { Options as StringifyOptions } from 'csv-stringify/sync';
import { stringify } from 'csv-stringify/sync';
import { RequestValidationError } from '../core/errors.js';

/** `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `XXX` (offset, always `+00:00`), `'literal'`; other text as is. */
export type DateFormat =
  | 'yyyy-MM-dd'
  | 'MM/dd/yyyy'
  | 'MM/dd/yyyy HH:mm:ss'
  | "yyyy-MM-dd'T'HH:mm:ssXXX"
  | (string & {});

/** How a `Date` is written when no format is declared: ISO 8601 in UTC, no milliseconds. */
export const DEFAULT_DATETIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ssXXX";

export interface FormatOptions {
  /** Pattern for `Date` values, in UTC. @default "yyyy-MM-dd'T'HH:mm:ssXXX" (`2024-07-01T09:30:00+00:00`) */
  dateFormat?: DateFormat;
}

const pad = (n: number, width = 2): string => (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(width, '0');

type Part = string | ((d: Date) => string);
const TOKENS: Record<string, (d: Date) => string> = {
  yyyy: (d) => pad(d.getUTCFullYear(), 4),
  MM: (d) => pad(d.getUTCMonth() + 1),
  dd: (d) => pad(d.getUTCDate()),
  HH: (d) => pad(d.getUTCHours()),
  mm: (d) => pad(d.getUTCMinutes()),
  ss: (d) => pad(d.getUTCSeconds()),
  XXX: () => '+00:00',
};
const compiled = new Map<string, Part[]>();

function compile(format: string): Part[] {
  let parts = compiled.get(format);
  if (parts === undefined) {
    parts = [];
    let last = 0;
    for (const m of format.matchAll(/'([^']*)'|yyyy|MM|dd|HH|mm|ss|XXX/g)) {
      if (m.index > last) parts.push(format.slice(last, m.index));
      parts.push(m[1] ?? TOKENS[m[0]]!);
      last = m.index + m[0].length;
    }
    if (last < format.length) parts.push(format.slice(last));
    if (compiled.size < 100) compiled.set(format, parts);
  }
  return parts;
}

/** Formats a `Date` with a Java-style pattern, in UTC. */
export function formatDate(date: Date, format: DateFormat = DEFAULT_DATETIME_FORMAT): string {
  const year = date.getUTCFullYear();
  if (year >= 0 && year <= 9999) {
    // Fast paths for the two common formats.
    if (format === DEFAULT_DATETIME_FORMAT) return `${date.toISOString().slice(0, 19)}+00:00`;
    if (format === 'yyyy-MM-dd') return date.toISOString().slice(0, 10);
  }
  let out = '';
  for (const part of compile(format)) out += typeof part === 'string' ? part : part(date);
  return out;
}

/** A finite number as a plain decimal: `1e21` → `1000000000000000000000`, `1.5e-7` → `0.00000015`. */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e === -1) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** One value's CSV text (see `formatCsvValue`), or `{ error }` for a value that has no CSV form. */
export function csvText(value: unknown, dateFormat: DateFormat | undefined): string | { error: string } {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? formatNumber(value) : { error: `${value} has no CSV form` };
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '';
    case 'object': {
      if (value === null) return '';
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? { error: 'Invalid Date' } : formatDate(value, dateFormat);
      }
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (const item of value) {
          const text = csvText(item, dateFormat);
          if (typeof text !== 'string') return text;
          parts.push(text);
        }
        return parts.join(';');
      }
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string' || typeof id === 'bigint' || typeof id === 'number')
        return csvText(id, dateFormat);
      return { error: 'an object without an id has no CSV form (give a string, or a lookup { id })' };
    }
    default:
      return { error: `a ${typeof value} has no CSV form` };
  }
}

/**
 * One value as Zoho reads it: strings as is, numbers as plain decimals, `true`/`false`, Dates per
 * `dateFormat`, arrays joined with `;` (multi-select), `{ id }` as the id (lookup), null/undefined
 * as empty. Throws `RequestValidationError` for NaN, Infinity, Invalid Date, functions, symbols and
 * objects without `id`.
 */
export function formatCsvValue(value: unknown, opts: FormatOptions = {}): string {
  const text = csvText(value, opts.dateFormat);
  if (typeof text === 'string') return text;
  throw new RequestValidationError(`Cannot write value: ${text.error}`, {
    issues: [{ code: 'invalid_type', path: [], message: text.error }],
  });
}

export interface CsvWriterOptions {
  /** Column order and header. @default the keys of the first record */
  columns?: readonly string[];
  /** Pattern per column for `Date` values (e.g. `{ Date_of_Birth: 'yyyy-MM-dd' }`). @default ISO datetime for every Date */
  dateFormats?: Readonly<Record<string, DateFormat>>;
}

const STRINGIFY: StringifyOptions = {
  record_delimiter: '\r\n',
  quote_record_delimiter: true,
  quoted_match: /^\s|\s$/,
};

/**
 * Writes CSV lines one record at a time (the chunker needs each line's size before committing it).
 * Records with a key that is not a column are refused, naming the record index and the key; keys
 * a record lacks are written empty.
 */
export class CsvWriter {
  #columns: readonly string[] | undefined;
  #known: Set<string> | undefined;
  readonly #dateFormats: Readonly<Record<string, DateFormat>>;

  constructor(opts: CsvWriterOptions = {}) {
    this.#dateFormats = opts.dateFormats ?? {};
    if (opts.columns !== undefined) this.#setColumns(opts.columns);
  }

  /** The columns, once known (given, or taken from the first record). */
  get columns(): readonly string[] | undefined {
    return this.#columns;
  }

  #setColumns(columns: readonly string[]): void {
    const known = new Set(columns);
    if (known.size !== columns.length || columns.some((c) => c === '')) {
      const bad = columns.findIndex((c, i) => c === '' || columns.indexOf(c) !== i);
      throw new RequestValidationError(
        `Column ${bad} is empty or repeated: ${JSON.stringify(columns[bad])}`,
        {
          issues: [
            {
              code: 'invalid_value',
              path: ['columns', bad],
              message: 'column names must be unique and non-empty',
            },
          ],
        },
      );
    }
    this.#columns = [...columns];
    this.#known = known;
  }

  /** The header line (CRLF-terminated). Columns must be known. */
  header(): string {
    return this.#line(this.#requireColumns());
  }

  #requireColumns(): readonly string[] {
    if (this.#columns === undefined) {
      throw new RequestValidationError('CSV columns are unknown: give `columns` or write a record first', {
        issues: [{ code: 'custom', path: ['columns'], message: 'columns are unknown' }],
      });
    }
    return this.#columns;
  }

  /** Fixes the columns from a record's keys when none were given. */
  inferColumns(record: object): readonly string[] {
    if (this.#columns === undefined) this.#setColumns(Object.keys(record));
    return this.#columns!;
  }

  /** One record as a CRLF-terminated line; `index` names the record in errors. */
  row(record: object, index = 0): string {
    const columns = this.inferColumns(record);
    const cells = record as Readonly<Record<string, unknown>>;
    const known = this.#known!;
    for (const key in cells) {
      if (!known.has(key) && cells[key] !== undefined) {
        throw new RequestValidationError(
          `Record ${index} has key ${JSON.stringify(key)}, which is not a column (columns come from \`columns\` or the first record)`,
          {
            issues: [
              {
                code: 'unrecognized_keys',
                path: [index, key],
                message: `unknown column ${JSON.stringify(key)}`,
              },
            ],
          },
        );
      }
    }
    const values = new Array<string>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const text = csvText(cells[column], this.#dateFormats[column]);
      if (typeof text !== 'string') {
        throw new RequestValidationError(`Record ${index}, column ${JSON.stringify(column)}: ${text.error}`, {
          issues: [{ code: 'invalid_type', path: [index, column], message: text.error }],
        });
      }
      values[i] = text;
    }
    return this.#line(values);
  }

  #line(values: readonly string[]): string {
    // A lone empty cell would be an empty line, which readers skip: quote it.
    if (values.length === 1 && values[0] === '') return '""\r\n';
    return stringify([values], STRINGIFY);
  }
}

/** All records as one CSV text (header first). For small inputs and tests; uploads use `chunkRecords`. */
export function toCsv(records: Iterable<object>, opts: CsvWriterOptions = {}): string {
  const writer = new CsvWriter(opts);
  const lines: string[] = [];
  let index = 0;
  for (const record of records) lines.push(writer.row(record, index++));
  if (writer.columns === undefined) return '';
  return writer.header() + lines.join('');
}
