/**
 * `bulkRead.records(jobOrId)`: the records of one finished job. Downloads `result.download_url`
 * through the shared download opener (client-wide limiter, token only for trusted hosts) and the
 * record streamer, which retries a failed download and resumes after the last record yielded.
 */
import type { BulkClient } from '../client.js';
import { JobFailedError, RateLimitError, RequestValidationError } from '../core/errors.js';
import { WINDOW_MS } from '../core/rate-limiter.js';
import { parseRequest } from '../core/validate.js';
import { BULK_READ_FAILED_STATES, type BulkReadJob, bulkReadJobSchema } from '../schemas/bulk-read.js';
import { parseRecord } from '../schemas/coerce.js';
import { checkJobId } from '../schemas/ids.js';
import { streamRecords } from '../streaming/record-stream.js';
import type { BulkReadRecordsOptions } from './bulk-read-options.js';
import { downloadOpener, downloadRetryLogger } from './download.js';

const ENDPOINT = 'bulkRead.records';

export interface RecordsContext {
  client: BulkClient;
  get: (jobId: string, options: { signal?: AbortSignal | undefined }) => Promise<BulkReadJob>;
}

/** Why a failed job failed, from `result.error_message`. */
export function failureReason(job: BulkReadJob): string {
  const error = job.result?.error_message;
  if (!error) return job.state;
  return [error.code, error.message].filter((s) => typeof s === 'string' && s !== '').join(' ') || job.state;
}

/** A job object given by the caller (or read by id), checked to be COMPLETED with a file. */
function completedJob(job: BulkReadJob): BulkReadJob & { result: { download_url: string } } {
  const parsed = parseRequest(bulkReadJobSchema, job, ENDPOINT) as BulkReadJob;
  if (BULK_READ_FAILED_STATES.has(parsed.state)) {
    throw new JobFailedError(`Job ${parsed.id} failed: ${failureReason(parsed)}`, {
      job: parsed,
      jobId: parsed.id,
    });
  }
  if (parsed.state !== 'COMPLETED') {
    const message = `Job ${parsed.id} is ${parsed.state}, not COMPLETED: wait for it first (bulkRead.waitFor)`;
    throw new RequestValidationError(message, {
      issues: [{ code: 'job_not_completed', path: ['state'], message }],
      value: { id: parsed.id, state: parsed.state },
      endpoint: ENDPOINT,
    });
  }
  return parsed as BulkReadJob & { result: { download_url: string } };
}

/**
 * Opens the result file. A 429 without `Retry-After` means Zoho refuses downloads for the rest of
 * the minute, so the record streamer is told to wait a whole window before it opens again (and
 * so passes through the client's download limiter again).
 */
function openResult(client: BulkClient, url: string, jobId: string) {
  const open = downloadOpener(client, { url, jobId, operation: ENDPOINT });
  return async (signal: AbortSignal) => {
    try {
      return await open(signal);
    } catch (error) {
      if (error instanceof RateLimitError && error.retryAfterMs === undefined) {
        throw new RateLimitError(error.message, {
          status: error.status,
          code: error.code,
          details: error.details,
          retryAfterMs: WINDOW_MS,
          isRetryable: true,
          cause: error,
          ...(error.endpoint === undefined ? {} : { endpoint: error.endpoint }),
          ...(error.bodyExcerpt === undefined ? {} : { bodyExcerpt: error.bodyExcerpt }),
        });
      }
      throw error;
    }
  };
}

/** The records of one COMPLETED job (an id is read first). */
export async function* readRecords(
  ctx: RecordsContext,
  jobOrId: BulkReadJob | string,
  options: BulkReadRecordsOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const { signal, schema, onRecord } = options;
  signal?.throwIfAborted();
  let row = options.skip ?? 0;
  if (!Number.isSafeInteger(row) || row < 0) {
    const message = `Invalid input for ${ENDPOINT}: skip must be a non-negative integer, got ${row}`;
    throw new RequestValidationError(message, {
      issues: [{ code: 'invalid_type', path: ['skip'], message }],
      value: row,
      endpoint: ENDPOINT,
    });
  }
  const given =
    typeof jobOrId === 'string' ? await ctx.get(checkJobId(jobOrId, ENDPOINT), { signal }) : jobOrId;
  const job = completedJob(given);
  const records = streamRecords({
    jobId: job.id,
    format: job.file_type === 'ics' ? 'ics' : 'csv',
    open: openResult(ctx.client, job.result.download_url, job.id),
    skip: row,
    signal,
    maxRetries: options.maxRetries,
    clock: ctx.client.options.clock,
    onBytes: options.onBytes,
    onRetry: downloadRetryLogger(ctx.client, { url: job.result.download_url, jobId: job.id }),
  });
  for await (const record of records) {
    row++;
    const value =
      schema === undefined ? record : parseRecord(schema, record, { rowNumber: row, jobId: job.id });
    onRecord?.(row);
    yield value;
  }
}
