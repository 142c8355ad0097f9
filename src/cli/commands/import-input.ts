/**
 * The input of `zoho-bulk import` (and of its `--dry-run`): the flags, checked without I/O, and the
 * input file streamed as records into `bulkWrite.import` / `check` parameters.
 */
import { resolve } from 'node:path';
import type { BulkWriteImportParams, CliRecord, PreflightMode } from '../client-types.js';
import { usageError } from '../exit-codes.js';
import { inputFormat, readInput, renameColumns } from '../input/read-input.js';
import { parsePair } from '../parse-values.js';
import type { ProgressReporter } from '../progress.js';
import type { Session } from '../session.js';

export interface ImportFlags {
  operation: BulkWriteImportParams['operation'];
  findBy?: string;
  map?: string[];
  results?: string;
  ignoreEmpty?: boolean;
  inputFormat?: string;
  /** Parent-child import (NDJSON): `key=ChildModule`, or `key` alone to read the module from field metadata. */
  child?: string[];
  /** Checks against the module's fields before uploading (`off`: none). */
  preflight?: 'auto' | 'columns' | 'rows' | 'off';
  /** Report what the import would do (files, jobs, credits, problems) and upload nothing. */
  dryRun?: boolean;
  /** With `--dry-run`: print the report as JSON. */
  json?: boolean;
}

export function parseMappings(map: readonly string[] | undefined): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const item of map ?? []) {
    const [column, field] = parsePair(item, '--map', 'column=Field_API_Name');
    if (field.trim() === '') throw usageError(`--map '${item}' has no field name`);
    mapping.set(column, field.trim());
  }
  return mapping;
}

/** `--child key=Module` (repeatable) → a map; `--child key` alone (every one) → a list of keys. */
export function parseChildren(items: string[] | undefined): Record<string, string> | string[] | undefined {
  if (items === undefined || items.length === 0) return undefined;
  if (items.every((i) => !i.includes('='))) return [...items];
  const out: Record<string, string> = {};
  for (const item of items) {
    const [key, module] = parsePair(item, '--child', 'key=ChildModule');
    if (module.trim() === '') throw usageError(`--child '${item}' has no child module`);
    out[key] = module;
  }
  return out;
}

/** Flag checks that need no I/O (run before credentials are looked at). */
export function checkImportFlags(flags: ImportFlags): void {
  if ((flags.operation === 'update' || flags.operation === 'upsert') && !flags.findBy) {
    throw usageError(`--operation ${flags.operation} needs --find-by <Field> (id or a unique field)`);
  }
  parseMappings(flags.map);
  parseChildren(flags.child);
}

/** The import's parameters (flags checked first by `checkImportFlags`): the input file, streamed as records. */
export function importInput(
  session: Session,
  module: string,
  file: string,
  flags: ImportFlags,
  progress: ProgressReporter,
): { params: BulkWriteImportParams; children: ReturnType<typeof parseChildren> } {
  const { ctx } = session;
  const path = resolve(ctx.cwd, file);
  const format = inputFormat(path, flags.inputFormat);
  const mapping = parseMappings(flags.map);
  const children = parseChildren(flags.child);
  if (children !== undefined && format !== 'ndjson') {
    throw usageError('--child needs NDJSON input (child records are arrays under the parent)');
  }
  const childKeys = new Set(
    children === undefined ? [] : Array.isArray(children) ? children : Object.keys(children),
  );
  const records = renameColumns(readInput(path, format, ctx.signal, childKeys), mapping);
  return { params: importParams(module, flags, children, countRows(records, progress)), children };
}

/** `--preflight auto|columns|rows|off` → the import option. */
export function preflightOption(flags: ImportFlags): { preflight?: PreflightMode } {
  const p = flags.preflight;
  return p === undefined ? {} : { preflight: p === 'off' ? false : p };
}

/** Passes the records through, then sets the progress total to how many there were. */
async function* countRows(
  records: AsyncIterable<CliRecord>,
  progress: ProgressReporter,
): AsyncGenerator<CliRecord> {
  let read = 0;
  for await (const record of records) {
    read++;
    yield record;
  }
  progress.set({ total: read });
}

function importParams(
  module: string,
  flags: ImportFlags,
  children: ReturnType<typeof parseChildren>,
  records: AsyncIterable<CliRecord>,
): BulkWriteImportParams {
  const params: BulkWriteImportParams = { module, operation: flags.operation, records };
  if (flags.findBy !== undefined) params.findBy = flags.findBy;
  if (flags.ignoreEmpty) params.ignoreEmpty = true;
  if (children !== undefined) params.children = children;
  return params;
}
