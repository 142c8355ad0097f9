/**
 * Reading a result file — bulk-read records, bulk-write results and a parent-child job's result
 * zip (every entry, one CSV per module) alike — in one place:
 *
 * 1. the job must be finished (`finishedJobUrl`): a failed job throws `JobFailedError`, one that is
 *    still running `RequestValidationError` (wait for it first), a finished one without
 *    `download_url` `DownloadError`; each names the job;
 * 2. every attempt waits for the client's download limiter (Zoho allows 10 downloads a minute),
 *    then GETs the URL through the transport, which attaches the token only to trusted hosts and
 *    refuses any other host before sending; a relative `download_url` is resolved against the API
 *    origin;
 * 3. the record streamer unzips and decodes the body, and retries by its default rule,
 *    `downloadRetryRule` (`retry-rule.ts`), resuming after the last record delivered; each retry
 *    is logged as a `download` event.
 */
import type { ClientContext } from '../core/client-context.js';
import { DownloadError, JobFailedError } from '../core/errors.js';
import { invalidRequest } from '../core/validate.js';
import type { CsvRecord } from '../streaming/csv-records.js';
import { streamRecords } from '../streaming/record-stream.js';

/** A job as the download sees it, whatever the API it comes from. */
export interface FinishedJobView<Job> {
  job: Job;
  jobId: string;
  /** `state` / `status` as Zoho sent it, for messages. */
  state: string;
  outcome: 'done' | 'failed' | 'pending';
  /** `result.download_url`, when Zoho sent one. */
  downloadUrl: string | undefined;
  /** Why a failed job failed (Zoho's code and message), for the `JobFailedError` message. */
  failureReason: () => string;
}

/**
 * The URL of a finished job's result file, or the error that explains why there is none.
 * `endpoint` names the caller (`bulkRead.records`); `waitWith` the method that waits for the job.
 */
export function finishedJobUrl<Job>(view: FinishedJobView<Job>, endpoint: string, waitWith: string): string {
  const { jobId, state } = view;
  if (view.outcome === 'failed') {
    throw new JobFailedError(`Job ${jobId} failed: ${view.failureReason()}`, { job: view.job, jobId });
  }
  if (view.outcome === 'pending') {
    const message = `Job ${jobId} is ${state}, not COMPLETED: wait for it first (${waitWith})`;
    throw invalidRequest({
      endpoint,
      path: ['state'],
      code: 'job_not_completed',
      message,
      headline: message,
      value: { id: jobId, state },
    });
  }
  if (view.downloadUrl === undefined || view.downloadUrl === '') {
    throw new DownloadError(`Job ${jobId} is ${state} but Zoho gave no result.download_url to read`, {
      jobId,
      isRetryable: false,
    });
  }
  return view.downloadUrl;
}

export interface ResultFileParams {
  /** `download_url` as Zoho returned it: a path on the API origin, or an absolute URL. */
  url: string;
  /** Named in errors and logs. */
  jobId: string;
  /** e.g. 'bulkRead.records'; named in errors and logs. */
  operation: string;
  /** What the zip holds. @default 'csv' */
  format?: 'csv' | 'ics' | undefined;
  /** The zip's first entry, or every entry in turn (`onEntry` says which one the records that follow belong to). @default 'first' */
  entries?: 'first' | 'all' | undefined;
  /** Called at the start of every entry, before its records (again on a retried download). @default none */
  onEntry?: ((entry: { name: string; index: number }) => void) | undefined;
  /** Records at the start of the file to leave out. @default 0 */
  skip?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Retries of a download that fails on the network or with 429/5xx. @default 5 */
  maxRetries?: number | undefined;
  /** Compressed bytes received, per chunk. @default none */
  onBytes?: ((bytes: number) => void) | undefined;
}

/** The records of a result file, downloaded, retried and resumed as described above. */
export function readResultFile(
  client: ClientContext,
  params: ResultFileParams,
): AsyncGenerator<CsvRecord, void, undefined> {
  const { url, jobId } = params;
  return streamRecords({
    jobId,
    format: params.format,
    entries: params.entries,
    onEntry: params.onEntry,
    open: openResultFile(client, params),
    skip: params.skip,
    signal: params.signal,
    maxRetries: params.maxRetries,
    clock: client.options.clock,
    onBytes: params.onBytes,
    onRetry: ({ attempt, delivered }) => logRetry(client, { url, jobId, attempt, delivered }),
  });
}

/** One counted download per call: the limiter, then a GET through the transport (not retried there). */
function openResultFile(client: ClientContext, params: ResultFileParams) {
  return async (signal: AbortSignal) => {
    await client.transport.downloadLimiter.acquire(signal);
    const response = await client.transport.stream({
      method: 'GET',
      path: params.url,
      signal,
      // Retried by the record streamer, which goes through the download limiter again each time.
      maxRetries: 0,
      operation: `${params.operation} (job ${params.jobId})`,
      headers: { Accept: 'application/zip, application/x-download, application/octet-stream, */*' },
    });
    if (!response.body) {
      throw new DownloadError(`Result file of job ${params.jobId} is empty: expected a zip archive`, {
        jobId: params.jobId,
        isRetryable: true,
      });
    }
    return { body: response.body };
  };
}

/** Reports a retry of this file to the client's `logger` as a `download` event (never the query). */
function logRetry(
  client: ClientContext,
  info: { url: string; jobId: string; attempt: number; delivered: number },
): void {
  try {
    client.options.logger?.({
      type: 'download',
      url: info.url.split('?')[0] ?? info.url,
      jobId: info.jobId,
      attempt: info.attempt,
      resumeAfterRow: info.delivered,
    });
  } catch {
    // A failing logger must not fail the download.
  }
}
