/**
 * Bulk write (zoho-api.md §3): the create body, checked before any request, and the shapes of the
 * upload, create and job responses. Wire names stay Zoho's; unknown keys pass through so a new
 * Zoho option needs no release. Ids are strings end to end (a bare number is turned into one).
 */
import { z } from 'zod';
import type { ApiVersion } from '../core/options.js';
import { callbackSchema, moduleRefSchema } from './bulk-read-body.js';

/** Zoho refuses more mapped fields than this (`HEADER_LIMIT_EXCEEDED`). */
export const MAX_FIELD_MAPPINGS = 200;

export const bulkWriteOperationSchema = z.enum(['insert', 'update', 'upsert'], {
  error: 'operation must be "insert", "update" or "upsert"',
});
export type BulkWriteOperation = z.output<typeof bulkWriteOperationSchema>;

const columnIndex = z
  .number({ error: 'index must be a number (the 0-based CSV column)' })
  .int('index must be an integer')
  .min(0, 'index must not be negative (Zoho answers COLUMN_INDEX_NOT_FOUND)');

/** One `field_mappings[]` item: which CSV column (0-based `index`) feeds which field. */
export const fieldMappingSchema = z
  .looseObject({
    api_name: z.string().min(1, 'api_name must not be empty'),
    index: columnIndex.optional(),
    /** Date/number pattern of the column, e.g. `yyyy-MM-dd`. */
    format: z.string().min(1).optional(),
    /** For lookup columns: `id`, a unique field, the display field, or `email` (users). */
    find_by: z.string().min(1).optional(),
    /** Used when the cell is empty (or for a mapping without `index`, such as `Layout`). */
    default_value: z.looseObject({ value: z.unknown() }).optional(),
    module: z.unknown().optional(),
    /** v7+ parent-child jobs: the column of the parent CSV this child field links to. */
    parent_column_index: columnIndex.optional(),
  })
  .refine((m) => m.index !== undefined || m.default_value !== undefined, {
    message: 'a mapping needs an index (or a default_value, e.g. for Layout)',
    path: ['index'],
  });
/** One `field_mappings[]` item (other keys pass through unchecked). */
export interface BulkWriteFieldMapping {
  api_name: string;
  /** 0-based CSV column; needed unless `default_value` is given. */
  index?: number | undefined;
  /** Date/number pattern of the column, e.g. `yyyy-MM-dd`. */
  format?: string | undefined;
  /** For lookup columns: `id`, a unique field, the display field, or `email` (users). */
  find_by?: string | undefined;
  /** Used when the cell is empty (or for a mapping without `index`, such as `Layout`). */
  default_value?: { value: unknown; [key: string]: unknown } | undefined;
  module?: unknown;
  /** v7+ parent-child jobs: the column of the parent CSV this child field links to. */
  parent_column_index?: number | undefined;
}

/** One `resource[]` item: a module, the uploaded file, and how its columns map. */
export const bulkWriteResourceSchema = z.looseObject({
  type: z.literal('data', { error: 'type must be "data"' }).optional(),
  module: moduleRefSchema,
  file_id: z
    .string({ error: 'file_id must be a string (ids exceed 2^53)' })
    .min(1, 'file_id must not be empty'),
  find_by: z.string().min(1, 'find_by must not be empty').optional(),
  field_mappings: z
    .array(fieldMappingSchema)
    .max(MAX_FIELD_MAPPINGS, {
      error: (issue) =>
        `at most ${MAX_FIELD_MAPPINGS} field mappings, got ${Array.isArray(issue.input) ? issue.input.length : '?'} (Zoho answers HEADER_LIMIT_EXCEEDED)`,
    })
    .optional(),
  /** v7+ parent-child jobs: which CSV of the zip belongs to this resource. */
  file_names: z.array(z.string().min(1)).min(1).optional(),
});
/** One `resource[]` item (other keys pass through unchecked). */
export interface BulkWriteResource {
  /** Always `'data'`. @default 'data' */
  type?: 'data' | undefined;
  /** `'Leads'` or `{ api_name: 'Leads' }`; sent in the shape the API version expects. */
  module: string | { api_name: string; id?: string | undefined };
  file_id: string;
  /** Required for update and upsert: `id` or a unique field. */
  find_by?: string | undefined;
  /** Without it, Zoho maps the CSV header as API names. At most 200. */
  field_mappings?: BulkWriteFieldMapping[] | undefined;
  /** v7+ parent-child jobs: the CSV of the zip that belongs to this resource. */
  file_names?: string[] | undefined;
}

const baseBodySchema = z.looseObject({
  operation: bulkWriteOperationSchema,
  resource: z.array(bulkWriteResourceSchema).min(1, 'resource needs at least one item'),
  ignore_empty: z.boolean().optional(),
  callback: callbackSchema.optional(),
  character_encoding: z.string().min(1).optional(),
});
/** `POST /crm/bulk/{v}/write` body, as Zoho's (other keys pass through unchecked). */
export interface BulkWriteCreateBody {
  operation: BulkWriteOperation;
  resource: BulkWriteResource[];
  /** Empty cells leave existing values alone. @default false */
  ignore_empty?: boolean | undefined;
  /** Zoho POSTs the job here when it ends. */
  callback?: { url: string; method: 'post' } | undefined;
  /** @default detected by Zoho */
  character_encoding?: string | undefined;
}

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

/** A Zoho id: a string, or a bare JSON number (small enough to survive parsing) made a string. */
export const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** `POST /crm/{v}/upload` success (HTTP 200, not wrapped). */
export const uploadResponseSchema = z.looseObject({
  status: z.literal('success'),
  code: z.string().optional(),
  message: z.string().optional(),
  details: z.looseObject({
    file_id: idSchema,
    created_time: z.string().optional(),
  }),
});

/** What `bulkWrite.upload` resolves to: `details` of the answer, `file_id` as a string. */
export interface UploadedFile {
  file_id: string;
  created_time?: string | undefined;
  [key: string]: unknown;
}

const userRefSchema = z.looseObject({ id: idSchema, name: z.string().optional() });

/** `POST /crm/bulk/{v}/write` success (HTTP 201, not wrapped). */
export const createResponseSchema = z.looseObject({
  status: z.literal('success'),
  code: z.string().optional(),
  message: z.string().optional(),
  details: z.looseObject({
    id: idSchema,
    created_by: userRefSchema.optional(),
  }),
});

/** What `bulkWrite.create` resolves to: `details` of the answer (`id` is the job id). */
export interface BulkWriteCreated {
  id: string;
  created_by?: { id: string; name?: string | undefined; [key: string]: unknown } | undefined;
  [key: string]: unknown;
}

/** Job, resource and file states. Unknown values are possible and keep `waitFor` polling. */
export type BulkWriteStatus =
  | 'ADDED'
  | 'INPROGRESS'
  | 'IN PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  | 'SKIPPED'
  | (string & {});

/** Optional on the wire, `null` included; `null` reads as absent. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const count = opt(z.number().int().nonnegative());

export const bulkWriteJobSchema = z.looseObject({
  id: idSchema,
  status: z.string(),
  operation: opt(z.string()),
  ignore_empty: opt(z.boolean()),
  character_encoding: opt(z.string()),
  created_by: opt(userRefSchema),
  created_time: opt(z.string()),
  resource: opt(
    z.array(
      z.looseObject({
        status: opt(z.string()),
        code: opt(z.string()),
        type: opt(z.string()),
        module: opt(z.union([z.string(), z.looseObject({ api_name: z.string().optional() })])),
        file: opt(
          z.looseObject({
            status: opt(z.string()),
            name: opt(z.string()),
            added_count: count,
            skipped_count: count,
            updated_count: count,
            total_count: count,
          }),
        ),
      }),
    ),
  ),
  result: opt(z.looseObject({ download_url: opt(z.string().min(1)) })),
});

/** Counts of one resource's file (`resource[].file`). */
export interface BulkWriteFileCounts {
  status?: BulkWriteStatus;
  name?: string;
  added_count?: number;
  skipped_count?: number;
  updated_count?: number;
  total_count?: number;
  [key: string]: unknown;
}

/** One `resource[]` item of a job. */
export interface BulkWriteJobResource {
  status?: BulkWriteStatus;
  /** Free text (`ADDED`, `INPROGRESS`, `SUCCESS`, `COMPLETED`, or an error code). */
  code?: string;
  type?: string;
  module?: string | { api_name?: string; [key: string]: unknown };
  file?: BulkWriteFileCounts;
  [key: string]: unknown;
}

/** `GET /crm/bulk/{v}/write/{id}` (not wrapped in `data`). Keys Zoho sent as `null` are absent. */
export interface BulkWriteJob {
  id: string;
  status: BulkWriteStatus;
  operation?: BulkWriteOperation | (string & {});
  ignore_empty?: boolean;
  character_encoding?: string;
  created_by?: { id: string; name?: string; [key: string]: unknown };
  created_time?: string;
  resource?: BulkWriteJobResource[];
  /** Present once the job has finished. */
  result?: { download_url?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The poller's view of a job: COMPLETED is done; FAILED and SKIPPED end it; anything else is pending. */
export function classifyBulkWriteJob(job: Pick<BulkWriteJob, 'status'>): 'done' | 'failed' | 'pending' {
  const status = job.status.trim().toUpperCase();
  if (status === 'COMPLETED') return 'done';
  if (status === 'FAILED' || status === 'FAILURE' || status === 'SKIPPED') return 'failed';
  return 'pending';
}

/** Sum of the `file` counts over every resource of a job. */
export function bulkWriteCounts(job: BulkWriteJob): {
  added: number;
  updated: number;
  skipped: number;
  total: number;
} {
  const out = { added: 0, updated: 0, skipped: 0, total: 0 };
  for (const resource of job.resource ?? []) {
    const file = resource.file;
    if (!file) continue;
    out.added += file.added_count ?? 0;
    out.updated += file.updated_count ?? 0;
    out.skipped += file.skipped_count ?? 0;
    out.total += file.total_count ?? 0;
  }
  return out;
}
