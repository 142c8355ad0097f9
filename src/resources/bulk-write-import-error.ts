/**
 * Errors of `bulkWrite.import` name the file that failed — its first and last record index — and
 * its job id. The error keeps its class and fields (a `JobFailedError` is still one, with `job`);
 * its message is prefixed, the original is its `cause`, and `chunk` carries the file's position.
 */
import {
  ConnectionError,
  DownloadError,
  JobFailedError,
  PollTimeoutError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  ZohoApiError,
  ZohoBulkError,
} from '../core/errors.js';

/** Which input records an upload file (and its job) holds. */
export interface ImportChunkInfo {
  /** 0-based number of the file. */
  index: number;
  /** Index in `records` of its first record. */
  firstIndex: number;
  /** Index in `records` of its last record. */
  lastIndex: number;
  /** Records in the file. */
  rows: number;
}

/** An error thrown by `bulkWrite.import`, with the file it concerns. */
export type ImportError = ZohoBulkError & { chunk: ImportChunkInfo; jobId?: string | undefined };

/** The file an import error concerns, if it concerns one. */
export function importChunkOf(error: unknown): ImportChunkInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const chunk = (error as { chunk?: unknown }).chunk;
  return typeof chunk === 'object' && chunk !== null ? (chunk as ImportChunkInfo) : undefined;
}

function rebuild(error: ZohoBulkError, message: string): ZohoBulkError {
  const cause = error;
  if (error instanceof JobFailedError)
    return new JobFailedError(message, { job: error.job, jobId: error.jobId, cause });
  if (error instanceof PollTimeoutError) {
    return new PollTimeoutError(message, { jobId: error.jobId, lastJob: error.lastJob, cause });
  }
  if (error instanceof ZohoApiError) {
    const init = {
      status: error.status,
      code: error.code,
      details: error.details,
      isRetryable: error.isRetryable,
      cause,
      ...(error.endpoint === undefined ? {} : { endpoint: error.endpoint }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.bodyExcerpt === undefined ? {} : { bodyExcerpt: error.bodyExcerpt }),
    };
    return error instanceof RateLimitError
      ? new RateLimitError(message, init)
      : new ZohoApiError(message, init);
  }
  if (error instanceof ConnectionError) {
    return new ConnectionError(message, {
      notSent: error.notSent,
      isTimeout: error.isTimeout,
      cause,
      ...(error.endpoint === undefined ? {} : { endpoint: error.endpoint }),
    });
  }
  if (error instanceof DownloadError) {
    return new DownloadError(message, {
      isRetryable: error.isRetryable,
      cause,
      ...(error.jobId === undefined ? {} : { jobId: error.jobId }),
    });
  }
  if (error instanceof ResponseValidationError || error instanceof RequestValidationError) {
    const Ctor = error instanceof ResponseValidationError ? ResponseValidationError : RequestValidationError;
    return new Ctor(message, {
      issues: error.issues,
      value: error.value,
      cause,
      ...(error.endpoint === undefined ? {} : { endpoint: error.endpoint }),
    });
  }
  return error;
}

/**
 * `error` as thrown by an import for the file `chunk` (job `jobId`, once created). Aborts (the
 * signal's reason) and errors that are not zoho-bulk's pass through unchanged.
 */
export function inChunk(
  error: unknown,
  chunk: ImportChunkInfo,
  jobId: string | undefined,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted && error === signal.reason) return error;
  if (!ZohoBulkError.isInstance(error)) return error;
  const where = `records ${chunk.firstIndex}..${chunk.lastIndex} (file ${chunk.index + 1})${jobId === undefined ? '' : `, job ${jobId}`}`;
  const out = rebuild(error, `bulkWrite.import failed for ${where}: ${error.message}`);
  Object.defineProperty(out, 'chunk', { value: { ...chunk }, enumerable: true });
  if (jobId !== undefined && !('jobId' in out)) {
    Object.defineProperty(out, 'jobId', { value: jobId, enumerable: true });
  }
  return out;
}
