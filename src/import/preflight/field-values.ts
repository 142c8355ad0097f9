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
  | 'mandatory_empty'
  /** A child row whose parent row is skipped (its `Parent_Id` stays empty). */
  | 'parent_skipped';

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
const DEFAULT_DATE_FORMAT = DATE_DEFAULTS[0]!;
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

/** Characters as Zoho counts them (code points); a surrogate pair is one. */
function chars(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const invalid = (rule: ValueRule, message: string): ValueProblem => ({ code: 'INVALID_DATA', rule, message });

/** Judges the text of a non-empty cell (undefined: Zoho can take it). */
type Judge = (text: string) => ValueProblem | undefined;

function tooLong(max: number | undefined): Judge {
  if (max === undefined) return () => undefined;
  // No more code points than UTF-16 units: only a text longer than `max` units needs counting.
  return (text) =>
    text.length > max && chars(text) > max
      ? invalid('too_long', `${chars(text)} characters, at most ${max}`)
      : undefined;
}

/**
 * `-?digits(.digits)?` scanned once: the digits before the point, or -1 when the text is no such
 * number; `point` tells whether it has a fraction.
 */
function scanNumber(text: string): { digits: number; point: boolean } {
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const start = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  const digits = i - start;
  if (digits === 0) return { digits: -1, point: false };
  if (i === text.length) return { digits, point: false };
  if (text.charCodeAt(i) !== 46 || i === text.length - 1) return { digits: -1, point: false }; // '.'
  for (i++; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return { digits: -1, point: false };
  return { digits, point: true };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function isId(text: string): boolean {
  const { digits, point } = scanNumber(text);
  return digits > 0 && !point;
}

function numberJudge(field: ZohoField, whole: boolean): Judge {
  const max = typeof field.length === 'number' && field.length > 0 ? field.length : undefined;
  return (text) => {
    const { digits, point } = scanNumber(text);
    if (digits < 0) return invalid('not_a_number', `${JSON.stringify(text)} is not a number`);
    if (whole && point) return invalid('not_an_integer', `${JSON.stringify(text)} is not a whole number`);
    return max !== undefined && digits > max
      ? invalid('too_many_digits', `${digits} digits${whole ? '' : ' before the point'}, at most ${max}`)
      : undefined;
  };
}

function lookupJudge(target: CellTarget): Judge {
  const by = (target.findBy ?? 'id').toLowerCase();
  if (by === 'id')
    return (text) =>
      isId(text) ? undefined : invalid('not_an_id', `${JSON.stringify(text)} is not a record id`);
  if (by === 'email') return (text) => (EMAIL.test(text) ? undefined : notAnEmail(text));
  return () => undefined;
}

const notAnEmail = (text: string) =>
  invalid('not_an_email', `${JSON.stringify(text)} is not an e-mail address`);

function dateJudge(kind: 'date' | 'datetime', format: string | undefined): Judge {
  const read = kind === 'date' ? toDate : toDateTime;
  const shown = format ?? (kind === 'date' ? DEFAULT_DATE_FORMAT : DEFAULT_DATETIME_FORMAT);
  const rule = kind === 'date' ? 'not_a_date' : 'not_a_datetime';
  return (text) =>
    read(text, format) === undefined
      ? invalid(rule, `${JSON.stringify(text)} is not a ${kind} in the format ${shown}`)
      : undefined;
}

/** How the text of a non-empty cell is judged for the target's field (decided once per column). */
function judgeOf(target: CellTarget): Judge {
  const { field, format } = target;
  switch (field.data_type) {
    case 'integer':
    case 'bigint':
    case 'long':
      return numberJudge(field, true);
    case 'double':
    case 'currency':
    case 'percent':
    case 'decimal':
      return numberJudge(field, false);
    case 'boolean':
      return (text) =>
        text === 'true' || text === 'false' || /^(true|false)$/i.test(text)
          ? undefined
          : invalid('not_a_boolean', `${JSON.stringify(text)} is not true or false`);
    case 'date':
    case 'datetime':
      return dateJudge(field.data_type === 'date' ? 'date' : 'datetime', format);
    case 'email': {
      const long = tooLong(maxChars(field));
      return (text) => (EMAIL.test(text) ? long(text) : notAnEmail(text));
    }
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return lookupJudge(target);
    default:
      return tooLong(maxChars(field));
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
function unlistedJudge(field: ZohoField): Judge {
  const type = field.data_type;
  const values = type === 'picklist' || type === 'multiselectpicklist' ? listed(field) : undefined;
  if (values === undefined) return () => undefined;
  return (text) => {
    if (text === '') return undefined;
    const parts = type === 'picklist' ? [text] : text.split(';');
    const missing = parts.filter((p) => !values.has(p));
    return missing.length === 0
      ? undefined
      : {
          code: 'INVALID_DATA',
          rule: 'not_listed',
          message: `${missing.map((m) => JSON.stringify(m)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among the field's picklist values`,
        };
  };
}

/**
 * A column's rules, compiled once per import: how its values are written into the field's CSV
 * cell and whether Zoho can take the text. `write` keeps the text in `text` (until the next
 * write) and returns the problem, so writing a cell allocates nothing.
 */
export class CellWriter {
  /** The text of the last value written ('' for a value with no CSV form). */
  text = '';
  readonly #format: string | undefined;
  readonly #dated: boolean;
  readonly #judge: Judge;
  readonly #unlisted: Judge;

  constructor(target: CellTarget) {
    const kind = dateKind(target.field);
    this.#dated = kind !== undefined;
    this.#format = target.format ?? (kind === 'date' ? DEFAULT_DATE_FORMAT : undefined);
    this.#judge = judgeOf(target);
    this.#unlisted = unlistedJudge(target.field);
  }

  /**
   * Writes `value` into the field's cell: a `Date` with the target's format (`yyyy-MM-dd` for a
   * date field, ISO for a datetime when none is given), arrays `;`-joined, `{ id }` as the id,
   * numbers as plain decimals; then judges the text (empty cells are judged by the row, for
   * mandatory fields). Returns why Zoho cannot take it, or undefined.
   */
  write(value: unknown): ValueProblem | undefined {
    const text = typeof value === 'string' ? value : csvText(value, this.#format);
    if (typeof text !== 'string') {
      this.text = '';
      return invalid('no_csv_form', text.error);
    }
    this.text = text;
    // A `Date` written for a date or datetime field is in the declared format by construction.
    if (text === '' || (this.#dated && value instanceof Date)) return undefined;
    return this.#judge(text);
  }

  /** The warning for written text Zoho takes but the field does not list (picklist values). */
  unlisted(text: string): ValueProblem | undefined {
    return this.#unlisted(text);
  }
}
