/**
 * Field definitions and the per-record generation context. A module is a list of fields, each
 * with a `gen` function that draws the field's CSV text from the record's own random stream.
 */
import type { Rng } from './rng.js';
import {
  companySuffixes,
  companyWords,
  currentUser,
  descriptionLines,
  type FakeUser,
  firstNames,
  lastNames,
  tags,
  titles,
} from './samples.js';

export type { FieldDef, FieldType } from './field-def.js';

/** What a record's name-like fields are built from (drawn from a separate stream, so cheap). */
export interface Identity {
  first: string;
  last: string;
  company: string;
  title: string;
}

export function drawIdentity(rng: Rng): Identity {
  const word = rng.pick(companyWords);
  const suffix = rng.pick(companySuffixes);
  return {
    first: rng.pick(firstNames),
    last: rng.pick(lastNames),
    company: suffix === '' ? `${word} ${rng.int(1, 99)}` : `${word} ${suffix}`,
    title: rng.pick(titles),
  };
}

/** What a generator needs to know about the rest of the org. */
export interface GenEnv {
  users: readonly FakeUser[];
  /** Id of record `index` of `module` (for lookups). */
  idOf(module: string, index: number): string;
  /** How many base records `module` has (lookups point at 0 … count-1). */
  countOf(module: string): number;
}

const DAY = 86_400_000;
/** Records are created between 2019-01-01 and 2024-12-31 (UTC). */
const START = Date.UTC(2019, 0, 1);
const SPAN = Date.UTC(2024, 11, 31) - START;

const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Calendar date of a day number (days since 1970-01-01), proleptic Gregorian (H. Hinnant). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** US Pacific daylight time, approximated by date (10 March to 2 November). */
function usSummer(month: number, day: number): boolean {
  if (month > 3 && month < 11) return true;
  if (month === 3) return day >= 10;
  if (month === 11) return day < 3;
  return false;
}

function formatLocal(seconds: number, offsetMinutes: number, date: [number, number, number]): string {
  const secOfDay = (((seconds + offsetMinutes * 60) % 86400) + 86400) % 86400;
  const [y, m, d] = date;
  const abs = Math.abs(offsetMinutes);
  return `${y}-${pad2[m]}-${pad2[d]}T${pad2[Math.floor(secOfDay / 3600)]}:${pad2[Math.floor(secOfDay / 60) % 60]}:${pad2[secOfDay % 60]}${offsetMinutes < 0 ? '-' : '+'}${pad2[Math.floor(abs / 60)]}:${pad2[abs % 60]}`;
}

/** `yyyy-MM-ddTHH:mm:ss±hh:mm` in the user's zone, as Zoho writes datetimes (hot path: no Date). */
export function formatDateTime(ms: number, zone: FakeUser['zone']): string {
  const seconds = Math.floor(ms / 1000);
  let offset = zone === 'in' ? 330 : -480;
  let date = civil(Math.floor((seconds + offset * 60) / 86400));
  if (zone === 'us' && usSummer(date[1], date[2])) {
    offset = -420;
    date = civil(Math.floor((seconds + offset * 60) / 86400));
  }
  return formatLocal(seconds, offset, date);
}

/** `yyyy-MM-dd` (UTC). */
export function formatDate(ms: number): string {
  const [y, m, d] = civil(Math.floor(ms / 86_400_000));
  return `${y}-${pad2[m]}-${pad2[d]}`;
}

export class Gen {
  readonly owner: FakeUser;
  readonly creator: FakeUser;
  readonly modifier: FakeUser;
  readonly createdMs: number;
  readonly modifiedMs: number;

  constructor(
    readonly rng: Rng,
    readonly index: number,
    readonly id: string,
    readonly who: Identity,
    readonly env: GenEnv,
  ) {
    this.owner = rng.pick(env.users);
    this.creator = rng.chance(0.7) ? this.owner : rng.pick(env.users);
    this.modifier = rng.chance(0.5) ? this.creator : rng.pick(env.users);
    this.createdMs = START + Math.floor(rng.next() * SPAN);
    this.modifiedMs = this.createdMs + Math.floor(rng.next() * 90 * DAY);
  }

  /** `fn()` with probability `p`, else the empty value. */
  opt(p: number, fn: () => string): string {
    return this.rng.chance(p) ? fn() : '';
  }

  pick(items: readonly string[]): string {
    return this.rng.pick(items);
  }

  /** A datetime as an export shows it: in the exporting (current) user's zone, whoever owns the record. */
  dateTime(ms: number): string {
    return formatDateTime(ms, currentUser(this.env.users).zone);
  }

  /** A datetime within `days` after the record was created. */
  later(days: number): string {
    return this.dateTime(this.createdMs + Math.floor(this.rng.next() * days * DAY));
  }

  date(ms: number): string {
    return formatDate(ms);
  }

  /** Id of a random record of `module` with probability `p`, else empty. */
  lookup(module: string, p: number): string {
    const count = this.env.countOf(module);
    if (count === 0 || !this.rng.chance(p)) return '';
    return this.env.idOf(module, this.rng.int(0, count - 1));
  }

  phone(): string {
    const n = String(this.rng.int(0, 9999)).padStart(4, '0');
    return this.pick([`(555) 010-${n}`, `555-010-${n}`, `+1 555 010 ${n}`, `555010${n}`]);
  }

  /** Multi-select picklist: values joined by `;`. */
  multi(items: readonly string[], max: number): string {
    const count = this.rng.int(0, max);
    const chosen = new Set<string>();
    for (let i = 0; i < count; i++) chosen.add(this.rng.pick(items));
    return [...chosen].join(';');
  }

  /** Tags: names joined by `,` (as Zoho exports them). */
  tags(): string {
    const count = this.rng.int(0, 2);
    const chosen = new Set<string>();
    for (let i = 0; i < count; i++) chosen.add(this.rng.pick(tags));
    return [...chosen].join(',');
  }

  /** Multi-line text with CRLF, bare LF and blank lines. */
  description(): string {
    const lines = this.rng.int(1, 4);
    let out = this.rng.pick(descriptionLines);
    for (let i = 1; i < lines; i++)
      out += this.rng.pick(['\r\n', '\n', '\n\n']) + this.rng.pick(descriptionLines);
    return out;
  }

  /** A currency amount: `12500` or `12500.5` or `12500.75`. */
  money(max: number): string {
    const whole = this.rng.int(0, max);
    const cents = this.rng.int(0, 3) === 0 ? this.rng.int(1, 99) : 0;
    if (cents === 0) return String(whole);
    return `${whole}.${cents % 10 === 0 ? cents / 10 : String(cents).padStart(2, '0')}`;
  }

  bool(p: number): string {
    return this.rng.chance(p) ? 'true' : 'false';
  }
}
