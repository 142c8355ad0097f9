/**
 * Bulk Read job shapes (zoho-api.md §2.2.2, §2.3): the zod schemas responses are read with, and
 * the public types derived from them. Schemas are loose (unknown keys pass through), ids become
 * strings, every key we can do without may be absent or `null` (Zoho sends `null` for absent
 * values), and `state` is an open union so a new server state never breaks polling. What a caller
 * needs later (a COMPLETED job's `download_url`) is checked when it is needed, not here.
 */
import { z } from 'zod';
import { userRefSchema, zohoIdSchema } from './ids.js';
import { moduleEchoSchema } from './module-ref.js';
import { wireOptional } from './wire-optional.js';

/** Re-exported for the modules that read ids from here; the schema lives in `ids.ts`. */
export { zohoIdSchema };

/** The bulk-read job states Zoho documents; failure is spelled two ways. */
export const BULK_READ_STATES = ['ADDED', 'QUEUED', 'IN PROGRESS', 'COMPLETED', 'FAILED', 'FAILURE'] as const;

/** A bulk-read job state. Unknown states are kept as they are and treated as "still running". */
export type BulkReadState = (typeof BULK_READ_STATES)[number] | (string & {});

/** The states in which a job has failed (Zoho spells it both ways). */
export const BULK_READ_FAILED_STATES: ReadonlySet<string> = new Set(['FAILED', 'FAILURE']);

/** The poller's view of a job: COMPLETED is done; FAILED / FAILURE end it; anything else is pending. */
export function classifyBulkReadJob(job: { state: string }): 'done' | 'failed' | 'pending' {
  if (job.state === 'COMPLETED') return 'done';
  return BULK_READ_FAILED_STATES.has(job.state) ? 'failed' : 'pending';
}

const stateSchema = z
  .string()
  .min(1)
  .transform((state): BulkReadState => state);

/** Zoho's error object on a failed job (`result.error_message`). */
export const bulkReadErrorMessageSchema = z.looseObject({
  status: wireOptional(z.string()),
  code: wireOptional(z.string()),
  message: wireOptional(z.string()),
  details: wireOptional(z.record(z.string(), z.unknown())),
});
export type BulkReadErrorMessage = z.output<typeof bulkReadErrorMessageSchema>;

/** `result` of a job: present once it is COMPLETED (or with `error_message` once it failed). */
export const bulkReadResultSchema = z.looseObject({
  /** Page number of this job. */
  page: wireOptional(z.number()),
  /** Records per page (200,000 on Zoho). */
  per_page: wireOptional(z.number()),
  /** Records in this job's file. */
  count: wireOptional(z.number()),
  /** Path of the result zip on the API origin (`/crm/bulk/v8/read/{id}/result`); needed to read records. */
  download_url: wireOptional(z.string()),
  /** Whether another page follows. */
  more_records: wireOptional(z.boolean()),
  /** v7+: token that creates the next page's job (valid ≤ 24 h, for the same user); `null` on the last page. */
  next_page_token: wireOptional(z.string()),
  /** On failure. */
  error_message: wireOptional(bulkReadErrorMessageSchema),
});
export type BulkReadResult = z.output<typeof bulkReadResultSchema>;

/** The `query` echo of a job (module as `{ id, api_name }` from v2.1, a string in v2). */
export const bulkReadJobQuerySchema = z.looseObject({
  module: wireOptional(moduleEchoSchema),
  fields: wireOptional(z.array(z.string())),
  criteria: z.unknown().optional(),
  cvid: wireOptional(zohoIdSchema),
  page: wireOptional(z.number()),
  page_token: wireOptional(z.string()),
});
export type BulkReadJobQuery = z.output<typeof bulkReadJobQuerySchema>;

/** One job object: `data[0]` of `GET /crm/bulk/{v}/read/{id}`, or `details` of the create answer. */
export const bulkReadJobSchema = z.looseObject({
  /** The job id (a string: ids exceed 2^53). */
  id: zohoIdSchema,
  operation: wireOptional(z.string()),
  state: stateSchema,
  query: wireOptional(bulkReadJobQuerySchema),
  created_by: wireOptional(userRefSchema),
  created_time: wireOptional(z.string()),
  file_type: wireOptional(z.string().transform((type): 'csv' | 'ics' | (string & {}) => type)),
  /** Optional until the job is COMPLETED. */
  result: wireOptional(bulkReadResultSchema),
});
/** A bulk-read job. Keys Zoho sent as `null` are absent. */
export type BulkReadJob = z.output<typeof bulkReadJobSchema>;

/** `GET /crm/bulk/{v}/read/{id}` → `{ data: [job, …] }`. */
export const bulkReadGetResponseSchema = z.looseObject({
  data: z.tuple([bulkReadJobSchema], z.unknown()),
});

/** `details` of a create answer: a job whose `state` may be missing (it is `ADDED`). */
const createdJobSchema = bulkReadJobSchema.extend({
  state: z
    .string()
    .min(1)
    .nullish()
    .transform((state): BulkReadState => state ?? 'ADDED'),
});

/** `POST /crm/bulk/{v}/read` → `{ data: [{ status, code, message, details: job }, …] }`. */
export const bulkReadCreateResponseSchema = z.looseObject({
  data: z.tuple(
    [
      z.looseObject({
        status: wireOptional(z.string()),
        code: wireOptional(z.string()),
        details: createdJobSchema,
      }),
    ],
    z.unknown(),
  ),
});

const count = z.number().int().nonnegative();

/** Checks a `resume` value before any request. */
export const exportCheckpointSchema = z.object({
  version: z.literal(1, { error: 'unsupported checkpoint version (expected 1)' }),
  /** Module api name. */
  module: z.string().min(1),
  /** The export's query, without `page` / `page_token`; a resumed run must ask the same. */
  query: z.record(z.string(), z.unknown()),
  /** Page (1-based) the next record comes from. */
  page: z.number().int().min(1),
  /** v7+: the `page_token` that created this page's job (absent for page 1 and before v7). */
  pageToken: z.string().min(1).optional(),
  /** The job of this page, when one exists; its file is reused while it can be downloaded. */
  jobId: z.string().regex(/^\d+$/, 'jobId must be digits').optional(),
  /** Records of this page the consumer has already had. */
  recordsInPage: count,
  /** Records of the whole export the consumer has already had. */
  totalRecords: count,
  /** When the checkpoint was taken (ISO 8601). */
  createdAt: z.string(),
  /** Set on the last checkpoint of a finished export: resuming from it yields nothing. */
  complete: z.boolean().optional(),
});

/**
 * Where an export stands, as plain JSON: pass it back as `resume` to continue a run that stopped.
 * It counts only records the consumer has received and finished with (see `export`).
 */
export type ExportCheckpoint = z.output<typeof exportCheckpointSchema>;
