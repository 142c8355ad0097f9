/**
 * The one module of per-data-type rules (zoho-api-metadata-sync.md §1.3): how an input value is
 * written into a field's Bulk Write CSV cell, and whether Zoho can take that text. The same rules
 * decide both: a value is first written (a `Date` with the column's declared format, an array
 * `;`-joined, a lookup `{ id }` as its id, a number as a plain decimal), then the text written is
 * judged — so a check never approves a value the upload would write differently.
 */
import { DATE_DEFAULTS, DATETIME_DEFAULTS, toDate, toDateTime } from '../../fields/date-text.js';
import type { ZohoField } from '../../schemas/fields.js';
import { csvText } from '../../streaming/csv-writer.js';

/** Why a value cannot be written (`rule` of a row problem). */
export type ValueRule =
  | 'no_csv_form'
  | 'not_a_number'
  | 'not_an_integer'
  | 'too_many_digits'
  | 'not_a_boolean'
  | 'not_a_date'
  | 'not_a_datetime'
  | 'not_an_email'
  | 'not_an_id'
  | 'too_long'
  | 'not_listed'
  | 'mandatory_empty';

/** One value problem. `code` is the code Zoho's result file gives such a row. */
export interface ValueProblem {
  code: 'INVALID_DATA' | 'MANDATORY_NOT_FOUND';
  rule: ValueRule;
  message: string;
}

/** A CSV column feeding a field: the field, the mapping's `find_by` and the declared `format`. */
export interface CellTarget {
  field: ZohoField;
  findBy?: string | undefined;
  format?: string | undefined;
}

/** The date format an import declares for a `date` field when none is given. */
export const DEFAULT_DATE_FORMAT = DATE_DEFAULTS[0]!;
/** The datetime format an import declares for a `datetime` field when none is given. */
export const DEFAULT_DATETIME_FORMAT = DATETIME_DEFAULTS[0]!;

/** `date`, `datetime`, or undefined for a field whose values carry no date format. */
export function dateKind(field: ZohoField): 'date' | 'datetime' | undefined {
  const type = field.data_type;
  return type === 'date' ? 'date' : type === 'datetime' ? 'datetime' : undefined;
}

/**
 * The format to declare for a date or datetime column: the first pattern Zoho's sources name that
 * reads `sample` (the first record's text), else the ISO default (what a `Date` is written as).
 */
export function inferDateFormat(kind: 'date' | 'datetime', sample: unknown): string {
  const candidates = kind === 'date' ? DATE_DEFAULTS : DATETIME_DEFAULTS;
  if (typeof sample === 'string' && sample !== '') {
    const read = kind === 'date' ? toDate : toDateTime;
    const found = candidates.find((format) => read(sample, format) !== undefined);
    if (found !== undefined) return found;
  }
  return candidates[0]!;
}

/** Most characters a text field takes: `length`, else by textarea type (2,000 / 32,000 / 50,000). */
function maxChars(field: ZohoField): number | undefined {
  if (typeof field.length === 'number' && field.length > 0) return field.length;
  const type = (field.textarea as { type?: unknown } | null | undefined)?.type;
  return type === 'small' ? 2000 : type === 'rich_text' ? 50_000 : type === 'large' ? 32_000 : undefined;
}

const chars = (text: string): number => (/[\uD800-\uDBFF]/.test(text) ? [...text].length : text.length);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DIGITS = /^-?\d+$/;
const DECIMAL = /^-?(\d+)(\.\d+)?$/;

const invalid = (rule: ValueRule, message: string): ValueProblem => ({ code: 'INVALID_DATA', rule, message });

function tooLong(field: ZohoField, text: string): ValueProblem | undefined {
  const max = maxChars(field);
  return max !== undefined && chars(text) > max
    ? invalid('too_long', `${chars(text)} characters, at most ${max}`)
    : undefined;
}

function digits(field: ZohoField, text: string, whole: boolean): ValueProblem | undefined {
  const m = (whole ? DIGITS : DECIMAL).exec(text);
  if (!m) {
    return whole && DECIMAL.test(text)
      ? invalid('not_an_integer', `${JSON.stringify(text)} is not a whole number`)
      : invalid('not_a_number', `${JSON.stringify(text)} is not a number`);
  }
  const count = (whole ? text.replace('-', '') : m[1]!).length;
  const max = field.length;
  return typeof max === 'number' && max > 0 && count > max
    ? invalid('too_many_digits', `${count} digits${whole ? '' : ' before the point'}, at most ${max}`)
    : undefined;
}

function lookupKey(target: CellTarget, text: string): ValueProblem | undefined {
  const by = (target.findBy ?? 'id').toLowerCase();
  if (by === 'id')
    return DIGITS.test(text) ? undefined : invalid('not_an_id', `${JSON.stringify(text)} is not a record id`);
  if (by === 'email' && !EMAIL.test(text))
    return invalid('not_an_email', `${JSON.stringify(text)} is not an e-mail address`);
  return undefined;
}

/** Whether the text of a non-empty cell can be written to the field (undefined: it can). */
export function judgeText(target: CellTarget, text: string): ValueProblem | undefined {
  const { field } = target;
  switch (field.data_type) {
    case 'integer':
    case 'bigint':
    case 'long':
      return digits(field, text, true);
    case 'double':
    case 'currency':
    case 'percent':
    case 'decimal':
      return digits(field, text, false);
    case 'boolean':
      return /^(true|false)$/i.test(text)
        ? undefined
        : invalid('not_a_boolean', `${JSON.stringify(text)} is not true or false`);
    case 'date':
      return toDate(text, target.format) === undefined
        ? invalid(
            'not_a_date',
            `${JSON.stringify(text)} is not a date in the format ${target.format ?? DEFAULT_DATE_FORMAT}`,
          )
        : undefined;
    case 'datetime':
      return toDateTime(text, target.format) === undefined
        ? invalid(
            'not_a_datetime',
            `${JSON.stringify(text)} is not a datetime in the format ${target.format ?? DEFAULT_DATETIME_FORMAT}`,
          )
        : undefined;
    case 'email':
      return EMAIL.test(text)
        ? tooLong(field, text)
        : invalid('not_an_email', `${JSON.stringify(text)} is not an e-mail address`);
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return lookupKey(target, text);
    default:
      return tooLong(field, text);
  }
}

/** The values a picklist lists (actual and display values both count). */
function listed(field: ZohoField): Set<string> | undefined {
  const values = field.pick_list_values;
  if (!values || values.length === 0) return undefined;
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v.actual_value === 'string') out.add(v.actual_value);
    if (typeof v.display_value === 'string') out.add(v.display_value);
  }
  return out;
}

/**
 * A picklist or multi-select value the field does not list. Zoho's bulk write takes it (picklists
 * are not restricted on write; the fake does the same), so it is a warning, never a skipped row.
 */
export function unlistedValue(field: ZohoField, text: string): ValueProblem | undefined {
  const type = field.data_type;
  if (text === '' || (type !== 'picklist' && type !== 'multiselectpicklist')) return undefined;
  const values = listed(field);
  if (values === undefined) return undefined;
  const parts = type === 'picklist' ? [text] : text.split(';');
  const missing = parts.filter((p) => !values.has(p));
  return missing.length === 0
    ? undefined
    : {
        code: 'INVALID_DATA',
        rule: 'not_listed',
        message: `${missing.map((m) => JSON.stringify(m)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among the field's picklist values`,
      };
}

/** A value written as its field's CSV cell: the text, and the problem that stops Zoho taking it. */
export interface WrittenCell {
  text: string;
  problem?: ValueProblem | undefined;
}

/**
 * Writes `value` into the field's cell: a `Date` with the target's format (`yyyy-MM-dd` for a date
 * field, ISO for a datetime when none is given), arrays `;`-joined, `{ id }` as the id, numbers as
 * plain decimals; then judges the text (empty cells are judged by the row, for mandatory fields).
 */
export function writeCell(target: CellTarget, value: unknown): WrittenCell {
  const kind = dateKind(target.field);
  const format = target.format ?? (kind === 'date' ? DEFAULT_DATE_FORMAT : undefined);
  const text = csvText(value, format);
  if (typeof text !== 'string') return { text: '', problem: invalid('no_csv_form', text.error) };
  return text === '' ? { text } : { text, problem: judgeText(target, text) };
}
