/**
 * Step 1 of an import: parameters and options are checked before anything is read or sent
 * (`RequestValidationError`), so a bad call costs no upload and no job.
 */
import { z } from 'zod';
import type { RequestValidationError } from '../core/errors.js';
import { invalidRequest, parseRequest } from '../core/validate.js';
import {
  bulkWriteOperationSchema,
  fieldMappingSchema,
  MAX_FIELD_MAPPINGS,
  UPLOAD_LIMITS,
} from '../schemas/bulk-write-body.js';
import { callbackUrlSchema } from '../schemas/callback.js';
import type {
  BulkWriteImportOptions,
  BulkWriteImportParams,
  InputRecord,
  PreflightMode,
} from './import-params.js';

const MAX_CONCURRENCY = 10;
const ENDPOINT = 'bulkWrite.import';

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
    characterEncoding: z.string().min(1, 'characterEncoding must not be empty').optional(),
    columns: z.array(z.string().min(1)).optional(),
    dateFormats: z.record(z.string(), z.string()).optional(),
    children: z
      .record(z.string().min(1), z.string().min(1, 'child module must not be empty'))
      .or(z.array(z.string().min(1)).min(1))
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.children !== undefined && p.operation !== 'insert') {
      // One `operation` covers every resource of a job, and Zoho documents parent-child jobs only
      // with `insert`; how subform or line-item rows would be matched on update is not documented.
      ctx.addIssue({
        code: 'custom',
        path: ['operation'],
        message: `parent-child imports (children) can only insert, not ${p.operation}: Zoho documents parent-child jobs with insert only and not how child rows are matched on update; ${p.operation} the parents without children, then import the child rows as a subform import (module: the child module, a Parent_Id column)`,
      });
      return;
    }
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
  callback: z.looseObject({ url: callbackUrlSchema }).optional(),
  preflight: z.enum(['auto', 'columns', 'rows']).or(z.literal(false)).optional(),
});

/** A `RequestValidationError` of `bulkWrite.import` for one input problem. */
export function importInputError(path: (string | number)[], message: string): RequestValidationError {
  return invalidRequest({ endpoint: ENDPOINT, path, message });
}

function isIterable(value: unknown): value is Iterable<InputRecord> | AsyncIterable<InputRecord> {
  return (
    typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value)
  );
}

export interface CheckedImport {
  params: z.output<typeof paramsSchema>;
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>;
  concurrency: number;
  maxRows: number;
  preflight: PreflightMode;
}

/** Checks parameters and options before anything is read or sent. */
export function checkImport(params: BulkWriteImportParams, opts: BulkWriteImportOptions): CheckedImport {
  const { records, ...rest } = params;
  const checked = parseRequest(paramsSchema, rest, ENDPOINT);
  if (!isIterable(records)) {
    throw importInputError(['records'], 'records must be an Iterable or AsyncIterable of objects');
  }
  const limits = parseRequest(
    optionsSchema,
    {
      concurrency: opts.concurrency,
      maxRowsPerFile: opts.maxRowsPerFile,
      callback: opts.callback === undefined ? undefined : { url: opts.callback.url },
      preflight: opts.preflight,
    },
    ENDPOINT,
  );
  const preflight = limits.preflight ?? 'auto';
  if (preflight === 'rows' && checked.children !== undefined) {
    throw importInputError(['preflight'], "preflight 'rows' is not available with children (use 'columns')");
  }
  return {
    params: checked,
    records,
    concurrency: limits.concurrency ?? 1,
    maxRows: limits.maxRowsPerFile ?? UPLOAD_LIMITS.maxRows,
    preflight,
  };
}
