/**
 * Reads import input as a stream of records: CSV (csv-parse; header row = field names, BOM
 * stripped) or NDJSON (one JSON object per line; non-string values become text: numbers and
 * booleans as written, null as empty, arrays/objects as JSON). Bad input is a usage error naming
 * the line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { CliRecord } from '../client-types.js';
import { usageError } from '../exit-codes.js';

export type InputFormat = 'csv' | 'ndjson';

export function inputFormat(path: string, flag: string | undefined): InputFormat {
  const f = (flag ?? '').toLowerCase();
  if (f === 'csv' || f === 'ndjson') return f;
  if (flag !== undefined) throw usageError(`Unknown --input-format '${flag}'`, 'use csv or ndjson');
  const lower = path.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  throw usageError(`Cannot tell the format of ${path}`, 'name it .csv or .ndjson, or pass --input-format');
}

function openError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  return usageError(`Cannot read ${path}: ${code ?? (error as Error).message}`);
}

export async function* readCsv(path: string, signal?: AbortSignal): AsyncGenerator<CliRecord> {
  const source = createReadStream(path);
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true });
  // pipe() does not forward errors: an unreadable file must fail the parser, not hang it.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<CliRecord>) {
      signal?.throwIfAborted();
      yield record;
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { lines?: number };
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw openError(path, error);
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw usageError(`${path}${e.lines === undefined ? '' : ` line ${e.lines}`}: ${e.message}`);
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/**
 * A parent-child NDJSON line keeps its child keys as arrays of records (each value as text); any
 * other key is text as usual.
 */
function childRecords(path: string, lineNo: number, key: string, value: unknown): CliRecord[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw usageError(`${path} line ${lineNo}: ${key} must be an array of JSON objects (child records)`);
  }
  return value.map((v: object) => {
    const child: CliRecord = {};
    for (const [k, x] of Object.entries(v)) child[k] = toText(x);
    return child;
  });
}

export async function* readNdjson(
  path: string,
  signal?: AbortSignal,
  childKeys: ReadonlySet<string> = new Set(),
): AsyncGenerator<CliRecord> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      signal?.throwIfAborted();
      const text = lineNo === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw usageError(`${path} line ${lineNo}: not JSON (${(error as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw usageError(`${path} line ${lineNo}: expected a JSON object`);
      }
      const record: CliRecord = {};
      for (const [key, v] of Object.entries(value)) {
        // Child arrays ride along as records; CliRecord is text-only for every other key.
        if (childKeys.has(key)) (record as Record<string, unknown>)[key] = childRecords(path, lineNo, key, v);
        else record[key] = toText(v);
      }
      yield record;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw openError(path, error);
    throw error;
  } finally {
    lines.close();
    stream.destroy();
  }
}

export function readInput(
  path: string,
  format: InputFormat,
  signal?: AbortSignal,
  childKeys?: ReadonlySet<string>,
): AsyncGenerator<CliRecord> {
  return format === 'csv' ? readCsv(path, signal) : readNdjson(path, signal, childKeys);
}

/** `--map col=Field`: renames input columns to field API names; other columns pass through. */
export async function* renameColumns(
  records: AsyncIterable<CliRecord>,
  mapping: ReadonlyMap<string, string>,
): AsyncGenerator<CliRecord> {
  if (mapping.size === 0) {
    yield* records;
    return;
  }
  for await (const record of records) {
    const out: CliRecord = {};
    for (const [key, value] of Object.entries(record)) out[mapping.get(key) ?? key] = value;
    yield out;
  }
}
