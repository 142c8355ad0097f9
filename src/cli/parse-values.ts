/** Small flag-value parsers shared by commands (durations, lists, key=value pairs, integers). */
import { usageError } from './exit-codes.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1.5m`, `1h`; a bare number is milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!match) throw usageError(`${flag} '${value}' is not a duration`, 'write e.g. 500ms, 2s, 5m, 1h');
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
}

/** `a,b, c` → `['a','b','c']` (empty items dropped). */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A non-negative integer, `_` and `,` allowed as digit separators (`250_000`). */
export function parseCount(value: string, flag: string): number {
  const clean = value.replace(/[_,]/g, '');
  if (!/^\d+$/.test(clean)) throw usageError(`${flag} '${value}' is not a whole number`);
  return Number(clean);
}

/** `Key=value` → `['Key', 'value']` (the value may contain `=`). */
export function parsePair(value: string, flag: string, example: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw usageError(`${flag} '${value}' must look like ${example}`);
  return [value.slice(0, at).trim(), value.slice(at + 1)];
}

/** Commander option parser collecting a repeatable flag into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
