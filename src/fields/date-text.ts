/**
 * Date and datetime text as Zoho's bulk write reads it, with a Java-style pattern (`yyyy`, `MM`,
 * `dd`, `HH`, `mm`, `ss`, `XXX`, `'literal'`; the `format` of a field mapping) or, without one,
 * the defaults Zoho's sources name (zoho-api-metadata-sync.md §1.3: `MM/dd/yyyy`, ISO). Shared by
 * the import's row checks (which judge the text they would write) and FakeZoho's bulk write.
 */

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

/** Date patterns tried when no format is declared, first the one the import declares by default. */
export const DATE_DEFAULTS: readonly string[] = ['yyyy-MM-dd', 'MM/dd/yyyy'];
/** Datetime patterns tried when no format is declared, first the one the import declares by default. */
export const DATETIME_DEFAULTS: readonly string[] = [
  "yyyy-MM-dd'T'HH:mm:ssXXX",
  'MM/dd/yyyy HH:mm:ss',
  "yyyy-MM-dd'T'HH:mm:ss",
];

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
