/**
 * A CSV cell of an uploaded file → the value the fake stores, by the field's data type: numbers,
 * booleans and e-mails are checked, dates and datetimes read with the mapping's `format` (Java
 * style: yyyy MM dd HH mm ss XXX 'literal') or Zoho's defaults, lookups resolved to an id.
 * `undefined` means INVALID_DATA for that cell.
 */
import { type FieldDef, lengthOf } from '../data/field-def.js';
import type { RecordStore } from '../data/store.js';
import type { FieldIndex } from './field-index.js';

interface Parts {
  y: string;
  M: string;
  d: string;
  H: string;
  m: string;
  s: string;
  X: string;
}

const TOKENS: Record<string, [keyof Parts, string]> = {
  yyyy: ['y', '(\\d{4})'],
  MM: ['M', '(\\d{2})'],
  dd: ['d', '(\\d{2})'],
  HH: ['H', '(\\d{2})'],
  mm: ['m', '(\\d{2})'],
  ss: ['s', '(\\d{2})'],
  XXX: ['X', '(Z|[+-]\\d{2}:\\d{2})'],
};
const compiled = new Map<string, { re: RegExp; keys: (keyof Parts)[] }>();

function compile(format: string): { re: RegExp; keys: (keyof Parts)[] } {
  let c = compiled.get(format);
  if (!c) {
    const keys: (keyof Parts)[] = [];
    let source = '';
    let last = 0;
    for (const m of format.matchAll(/'([^']*)'|yyyy|MM|dd|HH|mm|ss|XXX/g)) {
      source += escapeRe(format.slice(last, m.index));
      if (m[1] !== undefined) source += escapeRe(m[1]);
      else {
        const [key, re] = TOKENS[m[0]]!;
        keys.push(key);
        source += re;
      }
      last = m.index + m[0].length;
    }
    source += escapeRe(format.slice(last));
    c = { re: new RegExp(`^${source}$`), keys };
    compiled.set(format, c);
  }
  return c;
}

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function read(value: string, format: string): Partial<Parts> | undefined {
  const { re, keys } = compile(format);
  const m = re.exec(value);
  if (!m) return undefined;
  const out: Partial<Parts> = {};
  keys.forEach((key, i) => {
    const part = m[i + 1];
    if (part !== undefined) out[key] = part;
  });
  return out;
}

function validDate(y: string, M: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(M) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(M) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

const DATE_DEFAULTS = ['yyyy-MM-dd', 'MM/dd/yyyy'];
const DATETIME_DEFAULTS = ["yyyy-MM-dd'T'HH:mm:ssXXX", 'MM/dd/yyyy HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss"];

/** `yyyy-MM-dd`, or undefined. */
export function toDate(value: string, format: string | undefined): string | undefined {
  for (const f of format === undefined ? DATE_DEFAULTS : [format]) {
    const p = read(value, f);
    if (p?.y && p.M && p.d && validDate(p.y, p.M, p.d)) return `${p.y}-${p.M}-${p.d}`;
  }
  return undefined;
}

/** `yyyy-MM-ddTHH:mm:ss±hh:mm` (UTC when the text has no offset), or undefined. */
export function toDateTime(value: string, format: string | undefined): string | undefined {
  for (const f of format === undefined ? DATETIME_DEFAULTS : [format]) {
    const p = read(value, f);
    if (!p?.y || !p.M || !p.d || !validDate(p.y, p.M, p.d)) continue;
    const [H = '00', m = '00', s = '00'] = [p.H, p.m, p.s];
    if (Number(H) > 23 || Number(m) > 59 || Number(s) > 59) continue;
    const offset = p.X === undefined || p.X === 'Z' ? '+00:00' : p.X;
    return `${p.y}-${p.M}-${p.d}T${H}:${m}:${s}${offset}`;
  }
  return undefined;
}

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
        const where = env.store.locate(value);
        return where && where.module === target && !env.store.isDeleted(target, where.position)
          ? value
          : undefined;
      }
      return env.index.find(target, by, value);
    }
    default:
      // text, phone, website, picklist (any text: Zoho adds values missing from the list), textarea,
      // multiselectpicklist
      return fits(value, max) ? value : undefined;
  }
}
