/**
 * A zod schema for one Bulk Read record of a module, built from its field metadata: each column is
 * read by its field's `data_type` (see `column-kind.ts`) as the `zohoCsv` helpers read it; lookup
 * name columns (`Account_Name.Account_Name`), pseudo-columns (`$converted`, `…__s`) and any other
 * column are kept as text. Every column is optional (an export may ask for some fields only), and
 * an empty cell is `null` (a multi-select `[]`).
 */
import { z } from 'zod';
import {
  csvBoolean,
  csvDate,
  csvDatetime,
  csvId,
  csvInteger,
  csvMultiSelect,
  csvNumber,
  csvString,
} from '../schemas/coerce.js';
import type { ZohoField } from '../schemas/fields.js';
import { type ColumnKind, columnKind, columnName, ID_COLUMN } from './column-kind.js';
import { type FastCell, fastCell, SLOW } from './fast-cells.js';

/** A typed cell: what `recordSchema` makes of Zoho's CSV text. */
export type TypedValue = string | number | boolean | Date | string[] | null;

/** One record read with `recordSchema` (or `typed: true`), keyed by the CSV header. */
export type TypedRecord = Record<string, TypedValue>;

/** The schema `recordSchema` returns: CSV text in, typed values out. */
export type RecordSchema = z.ZodType<TypedRecord, Record<string, string>>;

/** Digits of any length (a `bigint` field) kept as text; `''` → null. */
function csvDigits() {
  return csvString()
    .refine((v) => v === null || /^[+-]?\d+$/.test(v.trim()), {
      error: (issue) => `expected a whole number, got ${JSON.stringify(issue.input)}`,
    })
    .transform((v) => (v === null ? null : v.trim()));
}

/** A decimal with an optional trailing `%` (`12.5`, `12.5%`) → number; `''` → null. */
function csvPercent() {
  return z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/\s*%$/, '') : v), csvNumber());
}

export interface RecordSchemaOptions {
  /**
   * Values JSON can carry as they are: dates and datetimes stay their (checked) ISO text —
   * `2021-08-18`, `2021-08-18T09:00:57-07:00` — instead of becoming `Date`s. For writing NDJSON.
   * @default false
   */
  json?: boolean | undefined;
}

/** Checks the cell with `schema` but keeps its text (trimmed); `''` → null. */
function checkedText(schema: z.ZodType<unknown, string>): z.ZodType<string | null, string> {
  return z
    .string()
    .superRefine((text, ctx) => {
      const result = schema.safeParse(text);
      if (!result.success)
        for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    })
    .transform((text) => (text === '' ? null : text.trim()));
}

/** The zod schema of one cell of the given kind. */
export function cellSchema(
  kind: ColumnKind,
  options: RecordSchemaOptions = {},
): z.ZodType<TypedValue, string> {
  if (options.json === true && (kind === 'date' || kind === 'datetime')) {
    return checkedText(kind === 'date' ? csvDate() : csvDatetime());
  }
  switch (kind) {
    case 'integer':
      return csvInteger();
    case 'number':
      return csvNumber();
    case 'percent':
      return csvPercent() as z.ZodType<number | null, string>;
    case 'digits':
      return csvDigits();
    case 'id':
      return csvId();
    case 'boolean':
      return csvBoolean();
    case 'date':
      return csvDate();
    case 'datetime':
      return csvDatetime();
    case 'multiselect':
      return csvMultiSelect();
    case 'text':
    case 'picklist':
      return csvString();
  }
}

/** The columns of a module's CSV and how each is read (`Id` always included). */
function recordColumns(fields: readonly ZohoField[]): Map<string, ColumnKind> {
  const columns = new Map<string, ColumnKind>([[ID_COLUMN, 'id']]);
  for (const field of fields) {
    const kind = columnKind(field);
    if (kind !== undefined) columns.set(columnName(field), kind);
  }
  return columns;
}

const isRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Builds the record schema of a module from its fields (see `client.fields.recordSchema`). The
 * output keeps the record's own column order (the CSV header's); an issue's path is its column.
 * Well-formed cells take a fast path (`fast-cells.ts`); the rest go through the zod helpers.
 */
export function buildRecordSchema(
  fields: readonly ZohoField[],
  options: RecordSchemaOptions = {},
): RecordSchema {
  const json = options.json === true;
  const readers = new Map<string, { fast: FastCell; schema: z.ZodType<TypedValue, string> }>();
  for (const [column, kind] of recordColumns(fields)) {
    readers.set(column, { fast: fastCell(kind, json), schema: cellSchema(kind, options) });
  }
  const textReader = { fast: fastCell('text', json), schema: csvString() };
  return z
    .custom<Record<string, string>>(isRecord, { error: 'expected a record (an object of CSV cells)' })
    .transform((record, ctx) => {
      const out: TypedRecord = {};
      for (const column of Object.keys(record)) {
        const cell = record[column];
        if (typeof cell !== 'string') {
          ctx.addIssue({
            code: 'custom',
            message: `expected the cell's text, got ${typeof cell}`,
            path: [column],
          });
          continue;
        }
        const reader = readers.get(column) ?? textReader;
        const quick = reader.fast(cell);
        if (quick !== SLOW) {
          out[column] = quick;
          continue;
        }
        const result = reader.schema.safeParse(cell);
        if (result.success) out[column] = result.data;
        else
          for (const issue of result.error.issues)
            ctx.addIssue({ code: 'custom', message: issue.message, path: [column] });
      }
      return out;
    });
}
