/**
 * Bulk-write answers (zoho-api.md §3.1–3.3): upload, create and job. Every key Zoho may leave out
 * may also come as `null` (read as absent); only what is really needed is required. Ids are strings
 * end to end (a bare number is turned into one). The public types are the schemas' output types.
 */
import { z } from 'zod';
import type { BulkWriteOperation } from './bulk-write-body.js';

/** A Zoho id: a string, or a bare JSON number (small enough to survive parsing) made a string. */
export const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/**
 * A key Zoho may leave out or send as `null` (its SDK models make every key optional and
 * nullable): `null` reads as absent, so callers test one thing.
 */
const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

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
