/**
 * Bulk Read job shapes (zoho-api.md §2.2.2, §2.3): the public types and the minimal zod schemas
 * the responses are checked with. Schemas are loose (unknown keys pass through), ids become
 * strings, and `state` is an open union so a new server state never breaks polling.
 */
import { z } from 'zod';

/** A bulk-read job state. Unknown states are kept as they are and treated as "still running". */
export type BulkReadState =
  | 'ADDED'
  | 'QUEUED'
  | 'IN PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  | 'FAILURE'
  | (string & {});

/** The states in which a job has failed (Zoho spells it both ways). */
export const BULK_READ_FAILED_STATES: ReadonlySet<string> = new Set(['FAILED', 'FAILURE']);

/** Zoho's error object on a failed job (`result.error_message`). */
export interface BulkReadErrorMessage {
  status?: string;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `result` of a job: present once it is COMPLETED (or with `error_message` once it failed). */
export interface BulkReadResult {
  /** Page number of this job. */
  page?: number;
  /** Records per page (200,000 on Zoho). */
  per_page?: number;
  /** Records in this job's file. */
  count?: number;
  /** Path of the result zip on the API origin (`/crm/bulk/v8/read/{id}/result`). */
  download_url?: string;
  /** Whether another page follows. */
  more_records?: boolean;
  /** v7+: token that creates the next page's job (valid ≤ 24 h, for the same user). */
  next_page_token?: string;
  /** On failure. */
  error_message?: BulkReadErrorMessage;
  [key: string]: unknown;
}

/** The `query` echo of a job (module as `{ id, api_name }` from v2.1, a string in v2). */
export interface BulkReadJobQuery {
  module?: string | { api_name?: string; id?: string | null; [key: string]: unknown };
  fields?: string[];
  criteria?: unknown;
  cvid?: string;
  page?: number;
  page_token?: string;
  [key: string]: unknown;
}

/** A bulk-read job: `data[0]` of `GET /crm/bulk/{v}/read/{id}`, or `details` of the create answer. */
export interface BulkReadJob {
  /** The job id (a string: ids exceed 2^53). */
  id: string;
  operation?: string;
  state: BulkReadState;
  query?: BulkReadJobQuery;
  created_by?: { id?: string; name?: string; [key: string]: unknown };
  created_time?: string;
  file_type?: 'csv' | 'ics' | (string & {});
  /** Optional until the job is COMPLETED. */
  result?: BulkReadResult;
  [key: string]: unknown;
}

/** An id as Zoho sends it (string, or a number that fits) → string. */
export const zohoIdSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((id) => String(id));

const resultSchema = z.looseObject({
  page: z.number().optional(),
  per_page: z.number().optional(),
  count: z.number().optional(),
  download_url: z.string().min(1).optional(),
  more_records: z.boolean().optional(),
  next_page_token: z.string().min(1).optional(),
  error_message: z.looseObject({}).optional(),
});

/** One job object; a COMPLETED job must carry `result.download_url`. */
export const bulkReadJobSchema = z
  .looseObject({
    id: zohoIdSchema,
    operation: z.string().optional(),
    state: z.string().min(1),
    query: z.looseObject({}).optional(),
    created_by: z.looseObject({ id: zohoIdSchema.optional() }).optional(),
    created_time: z.string().optional(),
    file_type: z.string().optional(),
    result: resultSchema.nullish().transform((r) => r ?? undefined),
  })
  .superRefine((job, ctx) => {
    if (job.state === 'COMPLETED' && job.result?.download_url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['result', 'download_url'],
        message: 'a COMPLETED job must carry result.download_url',
      });
    }
  });

/** `GET /crm/bulk/{v}/read/{id}` → `{ data: [job] }`. */
export const bulkReadGetResponseSchema = z.looseObject({
  data: z.array(bulkReadJobSchema).min(1),
});

/** `POST /crm/bulk/{v}/read` → `{ data: [{ status, code, message, details: job }] }`. */
export const bulkReadCreateResponseSchema = z.looseObject({
  data: z
    .array(
      z.looseObject({
        status: z.string().optional(),
        code: z.string().optional(),
        details: z.looseObject({
          id: zohoIdSchema,
          state: z.string().min(1).optional(),
          created_by: z.looseObject({ id: zohoIdSchema.optional() }).optional(),
        }),
      }),
    )
    .min(1),
});

/**
 * Where an export stands, as plain JSON: pass it back as `resume` to continue a run that stopped.
 * It counts only records the consumer has received and finished with (see `export`).
 */
export interface ExportCheckpoint {
  version: 1;
  /** Module api name. */
  module: string;
  /** The export's query, without `page` / `page_token`; a resumed run must ask the same. */
  query: Record<string, unknown>;
  /** Page (1-based) the next record comes from. */
  page: number;
  /** v7+: the `page_token` that created this page's job (absent for page 1 and before v7). */
  pageToken?: string;
  /** The job of this page, when one exists; its file is reused while it can be downloaded. */
  jobId?: string;
  /** Records of this page the consumer has already had. */
  recordsInPage: number;
  /** Records of the whole export the consumer has already had. */
  totalRecords: number;
  /** When the checkpoint was taken (ISO 8601). */
  createdAt: string;
  /** Set on the last checkpoint of a finished export: resuming from it yields nothing. */
  complete?: boolean;
}

const count = z.number().int().nonnegative();

/** Checks a `resume` value before any request. */
export const exportCheckpointSchema = z.looseObject({
  version: z.literal(1, { error: 'unsupported checkpoint version (expected 1)' }),
  module: z.string().min(1),
  query: z.record(z.string(), z.unknown()),
  page: z.number().int().min(1),
  pageToken: z.string().min(1).optional(),
  jobId: z.string().regex(/^\d+$/, 'jobId must be digits').optional(),
  recordsInPage: count,
  totalRecords: count,
  createdAt: z.string(),
  complete: z.boolean().optional(),
});
