/**
 * `bulkWrite.import` inputs: parameters and options (checked before any request), progress
 * events, and how the input columns become Zoho's `field_mappings` and the CSV date formats.
 */
import { z } from 'zod';
import { RequestValidationError } from '../core/errors.js';
import { formatPath } from '../core/issue-path.js';
import type { PollOptions } from '../core/options.js';
import { parseRequest } from '../core/validate.js';
import {
  type BulkWriteCreateBody,
  type BulkWriteCreated,
  type BulkWriteFieldMapping,
  type BulkWriteJob,
  type BulkWriteStatus,
  bulkWriteOperationSchema,
  fieldMappingSchema,
  MAX_FIELD_MAPPINGS,
  UPLOAD_LIMITS,
} from '../schemas/bulk-write.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';
import type { DateFormat } from '../streaming/csv-writer.js';
import type { ImportChunkInfo } from './bulk-write-import-error.js';

export type InputRecord = Readonly<Record<string, unknown>>;

/** A `field_mappings[]` item whose column may be named instead of numbered. */
export type ImportFieldMapping = BulkWriteFieldMapping & {
  /** The input column feeding this field (resolved to `index`). @default none: give `index` */
  column?: string | undefined;
};

export interface BulkWriteImportParams {
  /** Module API name, e.g. `Leads`. */
  module: string;
  operation: 'insert' | 'update' | 'upsert';
  /** Plain objects keyed by column (field API names unless `fieldMappings` says otherwise). */
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>;
  /** Field that matches existing records: `id` or a unique field. Required for update and upsert. */
  findBy?: string | undefined;
  /** Zoho's `field_mappings` (a mapping may name its `column` instead of an `index`). @default none: Zoho maps the CSV header as API names */
  fieldMappings?: readonly ImportFieldMapping[] | undefined;
  /** Empty cells leave existing values alone. @default false */
  ignoreEmpty?: boolean | undefined;
  /** Column order and header. @default the keys of the first record */
  columns?: readonly string[] | undefined;
  /** Pattern per column for `Date` values; a mapping's `format` is used too. @default ISO datetime */
  dateFormats?: Readonly<Record<string, DateFormat>> | undefined;
}

/** What `onProgress` receives. `chunk` is the file concerned. */
export type BulkWriteImportEvent =
  | { type: 'uploaded'; chunk: ImportChunkInfo; fileId: string; chunksUploaded: number }
  | { type: 'created'; chunk: ImportChunkInfo; jobId: string }
  | {
      type: 'job';
      chunk: ImportChunkInfo;
      jobId: string;
      status: BulkWriteStatus;
      counts: { added: number; updated: number; skipped: number; total: number };
      job: BulkWriteJob;
    }
  | { type: 'results'; chunk: ImportChunkInfo; jobId: string; rows: number; rowsDelivered: number };

export interface BulkWriteImportOptions {
  /** Stops the import: rejects with the signal's reason (jobs already created keep running on Zoho). @default none */
  signal?: AbortSignal | undefined;
  /** Files uploaded, created and waited for at the same time (results still come in input order). @default 1 */
  concurrency?: number | undefined;
  /** Progress: files uploaded, jobs created, every job state read (with counts), files delivered. @default none */
  onProgress?: ((event: BulkWriteImportEvent) => void) | undefined;
  /** Polling of each job. @default the client's `poll` options */
  poll?: PollOptions | undefined;
  /** Retries of a result download that fails part-way. @default 5 */
  maxRetries?: number | undefined;
  /** Rows per file (Zoho's limit is 25,000; fewer means more jobs, and every job costs API credits). @default 25000 */
  maxRowsPerFile?: number | undefined;
}

/** What the import needs of `BulkWrite` (kept narrow so it can be tested on its own). */
export interface ImportDeps {
  uploadZip(zip: Uint8Array, fileName: string, signal: AbortSignal): Promise<{ file_id: string }>;
  create(body: BulkWriteCreateBody, opts: { signal: AbortSignal }): Promise<BulkWriteCreated>;
  waitFor(
    jobId: string,
    opts: PollOptions & { signal: AbortSignal; onProgress: (job: BulkWriteJob) => void },
  ): Promise<BulkWriteJob>;
  results(
    job: BulkWriteJob,
    opts: { signal: AbortSignal; maxRetries?: number | undefined },
  ): AsyncIterable<BulkWriteRowResult>;
}

const MAX_CONCURRENCY = 10;

const paramsSchema = z
  .looseObject({
    module: z.string({ error: 'module must be a string' }).min(1, 'module must not be empty'),
    operation: bulkWriteOperationSchema,
    findBy: z.string().min(1, 'findBy must not be empty').optional(),
    fieldMappings: z
      .array(fieldMappingSchema.or(z.looseObject({ api_name: z.string().min(1), column: z.string().min(1) })))
      .max(MAX_FIELD_MAPPINGS, `at most ${MAX_FIELD_MAPPINGS} field mappings`)
      .optional(),
    ignoreEmpty: z.boolean().optional(),
    columns: z.array(z.string().min(1)).optional(),
    dateFormats: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.operation !== 'insert' && p.findBy === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['findBy'],
        message: `findBy is required for ${p.operation} (id or a unique field)`,
      });
    }
  });

const optionsSchema = z.object({
  concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).optional(),
  maxRowsPerFile: z.number().int().min(1).max(UPLOAD_LIMITS.maxRows).optional(),
});

function isIterable(value: unknown): value is Iterable<InputRecord> | AsyncIterable<InputRecord> {
  return (
    typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value)
  );
}

/** Mappings with every `column` resolved to an `index` against `columns`. */
function resolveMappings(
  mappings: readonly ImportFieldMapping[],
  columns: readonly string[],
): BulkWriteFieldMapping[] {
  return mappings.map((m, i) => {
    const { column, ...rest } = m;
    if (column === undefined) {
      if (m.index !== undefined && m.index >= columns.length) {
        throw parseError(
          ['fieldMappings', i, 'index'],
          `index ${m.index} is past the last column (${columns.length - 1})`,
        );
      }
      return rest;
    }
    const index = columns.indexOf(column);
    if (index < 0)
      throw parseError(
        ['fieldMappings', i, 'column'],
        `column ${JSON.stringify(column)} is not among the input columns`,
      );
    return { ...rest, index };
  });
}

/** The mapping Zoho would infer from a header (`Lookup.field` → find_by), with a format. */
function headerMapping(column: string, index: number, format: string | undefined): BulkWriteFieldMapping {
  const dot = column.indexOf('.');
  const mapping: BulkWriteFieldMapping =
    column === 'Id'
      ? { api_name: 'id', index }
      : dot > 0
        ? { api_name: column.slice(0, dot), index, find_by: column.slice(dot + 1) }
        : { api_name: column, index };
  if (format !== undefined) mapping.format = format;
  return mapping;
}

function parseError(path: (string | number)[], message: string): RequestValidationError {
  return new RequestValidationError(`Invalid input for bulkWrite.import: ${formatPath(path)}: ${message}`, {
    issues: [{ code: 'custom', path, message }],
    endpoint: 'bulkWrite.import',
  });
}

export interface CheckedImport {
  params: z.output<typeof paramsSchema>;
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>;
  concurrency: number;
  maxRows: number;
}

/** Checks parameters and options before anything is read or sent. */
export function checkImport(params: BulkWriteImportParams, opts: BulkWriteImportOptions): CheckedImport {
  const { records, ...rest } = params;
  const checked = parseRequest(paramsSchema, rest, 'bulkWrite.import');
  if (!isIterable(records)) {
    throw parseError(['records'], 'records must be an Iterable or AsyncIterable of objects');
  }
  const limits = parseRequest(
    optionsSchema,
    { concurrency: opts.concurrency, maxRowsPerFile: opts.maxRowsPerFile },
    'bulkWrite.import',
  );
  return {
    params: checked,
    records,
    concurrency: limits.concurrency ?? 1,
    maxRows: limits.maxRowsPerFile ?? UPLOAD_LIMITS.maxRows,
  };
}

export interface ImportPlan {
  columns: readonly string[];
  /** Sent as `field_mappings`; undefined lets Zoho map the header row. */
  mappings: BulkWriteFieldMapping[] | undefined;
  /** Per column, for `Date` values (from `dateFormats` and the mappings' `format`). */
  dateFormats: Record<string, DateFormat>;
}

/** Columns (given, or the first record's keys), mappings with columns resolved, date formats. */
export function planImport(
  params: BulkWriteImportParams,
  checked: CheckedImport['params'],
  first: InputRecord,
): ImportPlan {
  const columns = checked.columns ?? Object.keys(first);
  let mappings =
    params.fieldMappings === undefined ? undefined : resolveMappings(params.fieldMappings, columns);
  if (mappings === undefined && Object.keys(checked.dateFormats ?? {}).length > 0) {
    // Zoho must be told the date formats: map every column explicitly, with its format.
    mappings = columns.map((column, index) => headerMapping(column, index, checked.dateFormats?.[column]));
  }
  const dateFormats: Record<string, DateFormat> = {};
  for (const m of mappings ?? []) {
    const column = m.index === undefined ? undefined : columns[m.index];
    if (column !== undefined && m.format !== undefined) dateFormats[column] = m.format;
  }
  Object.assign(dateFormats, checked.dateFormats);
  return { columns, mappings, dateFormats };
}
