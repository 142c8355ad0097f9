/**
 * Fast paths for the common, well-formed cells of a typed record. Parsing every cell through its
 * zod helper costs about 1.5 µs (a 34-column record: ~5k records/s, a tenth of the streamer's
 * pace); these plain functions accept only text whose result is certain and identical to the
 * helper's, and answer `SLOW` for anything else (surrounding spaces, signs, unusual forms, errors),
 * which then goes through the `zohoCsv` helper for the authoritative value or issue.
 * test/fields/fast-cells.test.ts checks the equivalence on generated inputs.
 */
import type { ColumnKind } from './column-kind.js';
import type { TypedValue } from './record-schema.js';

/** "Ask the zod helper." */
export const SLOW: unique symbol = Symbol('slow');

export type FastCell = (text: string) => TypedValue | typeof SLOW;

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const ID = /^\d{1,19}$/;
const DIGITS = /^-?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

const text: FastCell = (t) => (t === '' ? null : t);
const when =
  (pattern: RegExp, value: (t: string) => TypedValue): FastCell =>
  (t) =>
    t === '' ? null : pattern.test(t) ? value(t) : SLOW;

/** `yyyy-MM-dd` of a real calendar day → its UTC midnight; `undefined` otherwise. */
function calendarDay(t: string): Date | undefined {
  const m = DATE.exec(t);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const same = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return same ? date : undefined;
}

function instant(t: string): number | undefined {
  if (!DATETIME.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The fast path of a kind (`json`: dates and datetimes kept as text). */
export function fastCell(kind: ColumnKind, json: boolean): FastCell {
  switch (kind) {
    case 'text':
    case 'picklist':
      return text;
    case 'multiselect':
      return (t) => (t === '' ? [] : t.split(';').filter((item) => item !== ''));
    case 'boolean':
      return (t) => (t === '' ? null : t === 'true' ? true : t === 'false' ? false : SLOW);
    case 'integer':
      return when(INTEGER, Number);
    case 'number':
    case 'percent':
      return when(DECIMAL, Number);
    case 'id':
      return when(ID, (t) => t);
    case 'digits':
      return when(DIGITS, (t) => t);
    case 'date':
      return (t) => {
        if (t === '') return null;
        const day = calendarDay(t);
        return day === undefined ? SLOW : json ? t : day;
      };
    case 'datetime':
      return (t) => {
        if (t === '') return null;
        const ms = instant(t);
        return ms === undefined ? SLOW : json ? t : new Date(ms);
      };
  }
}
