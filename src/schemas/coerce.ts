/**
 * zod helpers for the text Zoho writes in bulk-read CSVs: `true`/`false`, plain decimals,
 * `yyyy-MM-dd` dates, ISO datetimes with the user's offset, `A;B` multi-selects, 19-digit ids, and
 * an empty cell for "no value". Each helper takes the cell text (a string) and works inside
 * `z.object({...})`:
 *
 * ```ts
 * const Lead = z.object({ Id: zohoCsv.id(), Email_Opt_Out: zohoCsv.boolean(), Created_Time: zohoCsv.datetime() });
 * ```
 *
 * Empty cells become `null` (or `[]` for multi-selects). A missing column is a schema error, as
 * with any zod object: add `.optional()` for columns that may be absent.
 */
import { z } from 'zod';
import { ResponseValidationError } from '../core/errors.js';
import { formatPath } from '../core/issue-path.js';

type Ctx = z.core.$RefinementCtx<string>;

const show = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}…` : s);

function cell<T>(parse: (text: string, ctx: Ctx) => T, empty: () => T) {
  return z.string().transform((text, ctx): T => (text === '' ? empty() : parse(text, ctx)));
}

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** `'true'` / `'false'` (any case) → boolean; `''` → null. */
export function csvBoolean() {
  return cell(
    (text, ctx) => {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      return fail(ctx, `expected true or false, got ${show(text)}`);
    },
    () => null,
  );
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain decimal (`1234.50`, `-3`, `1e3`) → number; `''` → null. Thousands separators are refused. */
export function csvNumber() {
  return cell(
    (text, ctx) => {
      const t = text.trim();
      if (!DECIMAL.test(t)) return fail(ctx, `expected a number, got ${show(text)}`);
      return Number(t);
    },
    () => null,
  );
}

/** A whole number (`42`, `42.00`) within ±2^53 → number; `''` → null. Use `bigint()` or `id()` beyond. */
export function csvInteger() {
  return cell(
    (text, ctx) => {
      const t = text.trim();
      if (!/^[+-]?\d+(?:\.0*)?$/.test(t)) return fail(ctx, `expected a whole number, got ${show(text)}`);
      const n = Number(t);
      if (!Number.isSafeInteger(n))
        return fail(ctx, `${show(text)} exceeds 2^53; use zohoCsv.bigint() or id()`);
      return n;
    },
    () => null,
  );
}

/** A whole number of any size → bigint; `''` → null. */
export function csvBigint() {
  return cell(
    (text, ctx) => {
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t)) return fail(ctx, `expected a whole number, got ${show(text)}`);
      return BigInt(t);
    },
    () => null,
  );
}

/**
 * `yyyy-MM-dd` → a `Date` at UTC midnight of that day (so `getUTC*()` give the calendar date back);
 * `''` → null. Impossible dates (`2021-02-30`) are refused.
 */
export function csvDate() {
  return cell(
    (text, ctx) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
      if (m === null) return fail(ctx, `expected a date yyyy-MM-dd, got ${show(text)}`);
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
        return fail(ctx, `${show(text)} is not a calendar date`);
      }
      return date;
    },
    () => null,
  );
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with an offset (`2021-08-18T09:00:57-07:00`) → `Date`; `''` → null. */
export function csvDatetime() {
  return cell(
    (text, ctx) => {
      const t = text.trim();
      const ms = DATETIME.test(t) ? Date.parse(t) : Number.NaN;
      if (Number.isNaN(ms)) return fail(ctx, `expected an ISO datetime with offset, got ${show(text)}`);
      return new Date(ms);
    },
    () => null,
  );
}

/** `'A;B'` → `['A', 'B']`; `''` → `[]`. Empty items are dropped. */
export function csvMultiSelect() {
  return cell(
    (text) => text.split(';').filter((item) => item !== ''),
    (): string[] => [],
  );
}

/** Text as is; `''` → null. */
export function csvString() {
  return cell(
    (text) => text,
    () => null,
  );
}

/** A Zoho id (1–19 digits) kept as a string; `''` → null. */
export function csvId() {
  return cell(
    (text, ctx) => {
      const t = text.trim();
      if (!/^\d{1,19}$/.test(t)) return fail(ctx, `expected a record id (digits), got ${show(text)}`);
      return t;
    },
    () => null,
  );
}

/** Any schema, with an empty cell read as `null` first: `zohoCsv.nullable(z.enum(['Hot', 'Cold']))`. */
export function csvNullable<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (v === '' ? null : v), schema.nullable());
}

/** The helpers under one name: `zohoCsv.boolean()`, `zohoCsv.datetime()`, … */
export const zohoCsv = {
  boolean: csvBoolean,
  number: csvNumber,
  integer: csvInteger,
  bigint: csvBigint,
  date: csvDate,
  datetime: csvDatetime,
  multiSelect: csvMultiSelect,
  string: csvString,
  id: csvId,
  nullable: csvNullable,
} as const;

export interface ParseRecordContext {
  /** 1-based position of the record in its result file, header not counted. */
  rowNumber: number;
  /** The bulk-read job the record came from. */
  jobId?: string;
  /** Label for the error. @default 'bulkRead.records' */
  endpoint?: string;
}

/**
 * Parses one CSV record with the user's schema. Throws `ResponseValidationError` naming the row,
 * the column of the first issue and the job, with every issue attached.
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  record: Readonly<Record<string, string>>,
  context: ParseRecordContext,
): z.output<S> {
  const result = schema.safeParse(record);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }));
  const first = issues[0];
  const where = first === undefined ? '' : `, column ${formatPath(first.path)}: ${first.message}`;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  const job = context.jobId === undefined ? '' : ` of job ${context.jobId}`;
  throw new ResponseValidationError(
    `Record ${context.rowNumber}${job} does not match the schema${where}${more}`,
    {
      issues,
      value: record,
      endpoint: context.endpoint ?? 'bulkRead.records',
      cause: result.error,
    },
  );
}
