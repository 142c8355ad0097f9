/**
 * The bulk-write create body (zoho-api.md §3.2, zoho-api-metadata-sync.md §4.4–4.7), checked before
 * any request, and Zoho's per-file limits. Wire names stay Zoho's; unknown keys pass through so a
 * new Zoho option needs no release. The public types are the schemas' input types: the body as the
 * caller writes it.
 */
import { z } from 'zod';
import type { ApiVersion } from '../core/options.js';
import { moduleRefSchema } from './bulk-read-body.js';
import { callbackSchema } from './callback.js';

/** Zoho refuses more mapped fields than this (`HEADER_LIMIT_EXCEEDED`). */
export const MAX_FIELD_MAPPINGS = 200;

/** Zoho's per-file limits for bulk write (zoho-api.md §3.6). */
export const UPLOAD_LIMITS = {
  maxRows: 25_000,
  maxZipBytes: 25 * 1024 * 1024,
  maxColumns: 200,
} as const;

export const bulkWriteOperationSchema = z.enum(['insert', 'update', 'upsert'], {
  error: 'operation must be "insert", "update" or "upsert"',
});
export type BulkWriteOperation = z.output<typeof bulkWriteOperationSchema>;

const columnIndex = z
  .number({ error: 'index must be a number (the 0-based CSV column)' })
  .int('index must be an integer')
  .min(0, 'index must not be negative (Zoho answers COLUMN_INDEX_NOT_FOUND)');

/**
 * `default_value` of a mapping: used when the cell is empty (or for a mapping without `index`, such
 * as `Layout`). Zoho's docs show `{ value }`; its SDK and OpenAPI models also have `name` and
 * `module`, all optional — so none is required here.
 */
export const defaultValueSchema = z.looseObject({
  value: z.unknown().optional(),
  name: z.string().optional(),
  module: z.unknown().optional(),
});

/** One `field_mappings[]` item: which CSV column (0-based `index`) feeds which field. */
export const fieldMappingSchema = z
  .looseObject({
    /** Target field. */
    api_name: z.string().min(1, 'api_name must not be empty'),
    /** 0-based CSV column; needed unless `default_value` is given. */
    index: columnIndex.optional(),
    /** Date/number pattern of the column, e.g. `yyyy-MM-dd`. */
    format: z.string().min(1).optional(),
    /** For lookup columns: `id`, a unique field, the display field, or `email` (users). */
    find_by: z.string().min(1).optional(),
    /** Used when the cell is empty (or for a mapping without `index`, such as `Layout`). */
    default_value: defaultValueSchema.optional(),
    /** Related module of a lookup-style mapping (SDK/OpenAPI key; Zoho echoes it as `null`). */
    module: z.unknown().optional(),
    /** v7+ parent-child jobs: the column of the parent CSV this child field links to. */
    parent_column_index: columnIndex.optional(),
  })
  .refine((m) => m.index !== undefined || m.default_value !== undefined, {
    message: 'a mapping needs an index (or a default_value, e.g. for Layout)',
    path: ['index'],
  });
/** One `field_mappings[]` item (other keys pass through unchecked). */
export type BulkWriteFieldMapping = z.input<typeof fieldMappingSchema>;

/** One `resource[]` item: a module, the uploaded file, and how its columns map. */
export const bulkWriteResourceSchema = z.looseObject({
  /** Always `'data'`. @default 'data' */
  type: z.literal('data', { error: 'type must be "data"' }).optional(),
  /** `'Leads'` or `{ api_name: 'Leads' }`; sent in the shape the API version expects. */
  module: moduleRefSchema,
  /** From the upload (a string: ids exceed 2^53). */
  file_id: z
    .string({ error: 'file_id must be a string (ids exceed 2^53)' })
    .min(1, 'file_id must not be empty'),
  /** Required for update and upsert: `id` or a unique field. */
  find_by: z.string().min(1, 'find_by must not be empty').optional(),
  /** Without it, Zoho maps the CSV header as API names; with it, only the mapped columns are read. At most 200. */
  field_mappings: z
    .array(fieldMappingSchema)
    .max(MAX_FIELD_MAPPINGS, {
      error: (issue) =>
        `at most ${MAX_FIELD_MAPPINGS} field mappings, got ${Array.isArray(issue.input) ? issue.input.length : '?'} (Zoho answers HEADER_LIMIT_EXCEEDED)`,
    })
    .optional(),
  /** v7+ parent-child jobs: which CSV of the zip belongs to this resource. */
  file_names: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Per resource, as Zoho's OpenAPI file and SDK models have it; Zoho's docs put `ignore_empty` at
   * the top level of the body (where `bulkWrite.import` sends it). @default false
   */
  ignore_empty: z.boolean().optional(),
});
/** One `resource[]` item (other keys pass through unchecked). */
export type BulkWriteResource = z.input<typeof bulkWriteResourceSchema>;

const baseBodySchema = z.looseObject({
  /** `insert`, `update` (never creates) or `upsert` (updates matches, inserts the rest). */
  operation: bulkWriteOperationSchema,
  /** One item per module; for a parent-child job (v7+) the parent first. */
  resource: z.array(bulkWriteResourceSchema).min(1, 'resource needs at least one item'),
  /** Empty cells leave existing values alone (top level, as Zoho's docs place it). @default false */
  ignore_empty: z.boolean().optional(),
  /** Zoho POSTs the job here when it ends: `{ url, method: 'post' }`, http or https. */
  callback: callbackSchema.optional(),
  /** Charset of the CSV, e.g. `UTF-8`. @default detected by Zoho */
  character_encoding: z.string().min(1).optional(),
});
/** `POST /crm/bulk/{v}/write` body, as Zoho's (other keys pass through unchecked). */
export type BulkWriteCreateBody = z.input<typeof baseBodySchema>;

/** `v2.1` → 2.1, `v8` → 8. */
export function versionNumber(version: ApiVersion | string): number {
  const n = Number(String(version).replace(/^v/, ''));
  return Number.isFinite(n) ? n : 8;
}

const bodySchemas = new Map<number, z.ZodType<z.output<typeof baseBodySchema>>>();

/**
 * The create body for an API version: `find_by` required for update/upsert (except on a child
 * resource linked with `parent_column_index`); `file_names` and `parent_column_index` (parent-child
 * jobs) only from v7.
 */
export function bulkWriteCreateBodySchema(version: ApiVersion | string = 'v8') {
  const n = versionNumber(version);
  let schema = bodySchemas.get(n);
  if (schema === undefined) {
    schema = baseBodySchema.superRefine((body, ctx) => {
      body.resource.forEach((resource, i) => {
        const mappings = resource.field_mappings ?? [];
        const child = mappings.some((m) => m.parent_column_index !== undefined);
        if (body.operation !== 'insert' && resource.find_by === undefined && !child) {
          ctx.addIssue({
            code: 'custom',
            path: ['resource', i, 'find_by'],
            message: `find_by is required for ${body.operation} (id or a unique field; Zoho answers MANDATORY_NOT_FOUND)`,
          });
        }
        if (n < 7 && resource.file_names !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['resource', i, 'file_names'],
            message: `file_names (parent-child jobs) needs API v7 or later, not v${n}`,
          });
        }
        mappings.forEach((m, j) => {
          if (n < 7 && m.parent_column_index !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['resource', i, 'field_mappings', j, 'parent_column_index'],
              message: `parent_column_index (parent-child jobs) needs API v7 or later, not v${n}`,
            });
          }
        });
      });
    });
    bodySchemas.set(n, schema);
  }
  return schema;
}
