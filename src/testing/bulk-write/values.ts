/**
 * A CSV cell of an uploaded file → the value the fake stores, by the field's data type: numbers,
 * booleans and e-mails are checked, dates and datetimes read with the mapping's `format` (Java
 * style: yyyy MM dd HH mm ss XXX 'literal') or Zoho's defaults, lookups resolved to an id.
 * `undefined` means INVALID_DATA for that cell.
 */
import { toDate, toDateTime } from '../../fields/date-text.js';
import { type FieldDef, lengthOf } from '../data/field-def.js';
import type { RecordStore } from '../data/store.js';
import type { FieldIndex } from './field-index.js';

export interface ConvertEnv {
  store: RecordStore;
  index: FieldIndex;
}

/** Characters (code points) of a text, no more than `max`? */
const fits = (value: string, max: number): boolean => value.length <= max || [...value].length <= max;

/** Digits before the point of a decimal number, no more than `max`? */
function number(value: string, max: number): string | undefined {
  const m = /^-?(\d+)(\.\d+)?$/.exec(value);
  return m?.[1] && m[1].length <= max ? value : undefined;
}

/**
 * The stored text for `value` in `field`, or undefined when Zoho would answer INVALID_DATA: a value
 * longer than the field's `length` (characters; digits for numbers), or not of its type.
 */
export function convertCell(
  field: FieldDef,
  value: string,
  opts: { format?: string | undefined; findBy?: string | undefined },
  env: ConvertEnv,
): string | undefined {
  if (value === '') return '';
  const max = lengthOf(field);
  switch (field.data_type) {
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) && fits(value, max) ? value : undefined;
    case 'boolean': {
      const v = value.toLowerCase();
      return v === 'true' || v === 'false' ? v : undefined;
    }
    case 'integer':
      return /^-?\d+$/.test(value) && value.replace('-', '').length <= max
        ? String(Number(value))
        : undefined;
    case 'bigint':
      return /^-?\d+$/.test(value) && value.replace('-', '').length <= max ? value : undefined;
    case 'double':
    case 'currency':
      return number(value, max);
    case 'date':
      return toDate(value, opts.format);
    case 'datetime':
      return toDateTime(value, opts.format);
    case 'ownerlookup': {
      const by = (opts.findBy ?? 'id').toLowerCase();
      const user = env.store.users.find((u) =>
        by === 'email' ? u.email === value.toLowerCase() : u.id === value,
      );
      return user?.id;
    }
    case 'lookup': {
      const target = field.lookup ?? '';
      const by = opts.findBy ?? 'id';
      if (by === 'id' || by === 'Id') {
        return env.store.positionOf(target, value) === undefined ? undefined : value;
      }
      return env.index.find(target, by, value);
    }
    default:
      // text, phone, website, picklist (any text: Zoho adds values missing from the list), textarea,
      // multiselectpicklist
      return fits(value, max) ? value : undefined;
  }
}
