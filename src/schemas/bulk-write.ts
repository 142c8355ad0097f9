/**
 * Bulk write (zoho-api.md §3, zoho-api-metadata-sync.md §4): the create body, checked before any
 * request, and the shapes of the upload, create and job responses. Wire names stay Zoho's; unknown
 * keys pass through so a new Zoho option needs no release. Ids are strings end to end (a bare
 * number is turned into one). The public types are derived from these schemas: the create body as
 * the caller writes it (`z.input`), the answers as the caller gets them (`z.output`).
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

/** A Zoho id: a string, or a bare JSON number (small enough to survive parsing) made a string. */
export const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/**
 * A key Zoho may leave out or send as `null` (its SDK models make every key optional and
 * nullable): `null` reads as absent, so callers test one thing.
 */
const opt = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();

/** A count: an integer (or its decimal text). */
const count = opt(z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]));

/** Job, resource and file states. Unknown values are possible and keep `waitFor` polling. */
export type BulkWriteStatus =
  | 'ADDED'
  | 'INPROGRESS'
  | 'IN PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  | 'SKIPPED'
  | (string & {});

/** Any string, typed as the open union `T` (known values autocomplete, new ones still parse). */
const openString = <T extends string>(what: string) =>
  z.custom<T>((v) => typeof v === 'string', { error: `${what} must be a string` });

const statusSchema = openString<BulkWriteStatus>('status');

/** `POST /crm/{v}/upload` success (HTTP 200, not wrapped). */
export const uploadResponseSchema = z.looseObject({
  status: z.literal('success'),
  code: opt(z.string()),
  message: opt(z.string()),
  details: z.looseObject({
    /** Give it to `create()` as `resource[].file_id`. */
    file_id: idSchema,
    created_time: opt(z.string()),
  }),
});

/** What `bulkWrite.upload` resolves to: `details` of the answer, `file_id` as a string. */
export type UploadedFile = z.output<typeof uploadResponseSchema>['details'];

const userRefSchema = z.looseObject({ id: opt(idSchema), name: opt(z.string()) });

/** `POST /crm/bulk/{v}/write` success (HTTP 201, not wrapped). */
export const createResponseSchema = z.looseObject({
  status: z.literal('success'),
  code: opt(z.string()),
  message: opt(z.string()),
  details: z.looseObject({
    /** The job id. */
    id: idSchema,
    created_by: opt(userRefSchema),
  }),
});

/** What `bulkWrite.create` resolves to: `details` of the answer (`id` is the job id). */
export type BulkWriteCreated = z.output<typeof createResponseSchema>['details'];

/** Counts of one resource's file (`resource[].file`). */
const fileCountsSchema = z.looseObject({
  status: opt(statusSchema),
  /** The CSV's name in the zip. */
  name: opt(z.string()),
  added_count: count,
  skipped_count: count,
  updated_count: count,
  total_count: count,
});

/** A `field_mappings[]` item as a job echoes it (`format`, `find_by`, … come back as `null`). */
const echoedMappingSchema = z.looseObject({
  api_name: opt(z.string()),
  index: opt(z.number()),
  format: opt(z.string()),
  find_by: opt(z.string()),
  module: opt(z.unknown()),
  default_value: opt(
    z.looseObject({ value: opt(z.unknown()), name: opt(z.string()), module: opt(z.unknown()) }),
  ),
  parent_column_index: opt(z.number()),
});

/** One `resource[]` item of a job. */
const jobResourceSchema = z.looseObject({
  status: opt(statusSchema),
  /** Free text (`ADDED`, `INPROGRESS`, `SUCCESS`, `COMPLETED`, or an error code). */
  code: opt(z.string()),
  type: opt(z.string()),
  module: opt(z.union([z.string(), z.looseObject({ api_name: opt(z.string()), id: opt(idSchema) })])),
  file_id: opt(idSchema),
  file_names: opt(z.array(z.string())),
  find_by: opt(z.string()),
  ignore_empty: opt(z.boolean()),
  field_mappings: opt(z.array(echoedMappingSchema)),
  file: opt(fileCountsSchema),
});

const jobSchema = z.looseObject({
  status: statusSchema,
  operation: opt(openString<BulkWriteOperation | (string & {})>('operation')),
  ignore_empty: opt(z.boolean()),
  character_encoding: opt(z.string()),
  created_by: opt(userRefSchema),
  created_time: opt(z.string()),
  callback: opt(z.looseObject({ url: opt(z.string()), method: opt(z.string()) })),
  resource: opt(z.array(jobResourceSchema)),
  /** Present once the job has finished; `download_url` is absolute or relative. */
  result: opt(z.looseObject({ download_url: opt(z.string()) })),
});

/**
 * `GET /crm/bulk/{v}/write/{id}` (not wrapped in `data`). Every key but `status` may be absent or
 * `null` (read as absent). Zoho's parent-child sample has no top-level `id`: the id asked for is used.
 */
export function bulkWriteJobSchema(jobId?: string) {
  return jobSchema.extend({
    id: idSchema.nullish().transform((id, ctx) => {
      if (id !== null && id !== undefined) return id;
      if (jobId !== undefined) return jobId;
      ctx.addIssue({ code: 'custom', message: 'the job has no id' });
      return z.NEVER;
    }),
  });
}

/** A bulk-write job as `get` and `waitFor` return it. Keys Zoho sent as `null` are absent. */
export type BulkWriteJob = z.output<ReturnType<typeof bulkWriteJobSchema>>;
/** One `resource[]` item of a job. */
export type BulkWriteJobResource = NonNullable<BulkWriteJob['resource']>[number];
/** Counts of one resource's file (`resource[].file`). */
export type BulkWriteFileCounts = NonNullable<BulkWriteJobResource['file']>;

/** The poller's view of a job: COMPLETED is done; FAILED and SKIPPED end it; anything else is pending. */
export function classifyBulkWriteJob(job: Pick<BulkWriteJob, 'status'>): 'done' | 'failed' | 'pending' {
  const status = job.status.trim().toUpperCase();
  if (status === 'COMPLETED') return 'done';
  if (status === 'FAILED' || status === 'FAILURE' || status === 'SKIPPED') return 'failed';
  return 'pending';
}

/** Sum of the `file` counts over every resource of a job. */
export function bulkWriteCounts(job: Pick<BulkWriteJob, 'resource'>): {
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
