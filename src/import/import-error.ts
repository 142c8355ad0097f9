/**
 * How an import reports a failed file: a `BulkWriteImportError` naming the file (first and last
 * record index) and its job, whose `cause` is the original error, untouched — a `JobFailedError`
 * with its `job`, a `ZohoApiError` with its `code`, … Nothing is rebuilt and nothing is mutated.
 */
import { brand, ZohoBulkError } from '../core/errors.js';

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

/** `bulkWrite.import` failed for one file; `cause` is what went wrong (its class and fields intact). */
export class BulkWriteImportError extends ZohoBulkError {
  static {
    brand(BulkWriteImportError, 'BulkWriteImportError');
  }

  /** The file that failed. */
  readonly chunk: ImportChunkInfo;
  /** Its job, once created. */
  readonly jobId: string | undefined;
  /** Running the import again would import the files before this one again. */
  readonly isRetryable = false;
  /** The original error. */
  declare readonly cause: unknown;

  constructor(message: string, init: { chunk: ImportChunkInfo; jobId?: string | undefined; cause: unknown }) {
    super(message, { cause: init.cause });
    this.chunk = { ...init.chunk };
    this.jobId = init.jobId;
  }
}

/** The file an import error concerns, if it concerns one. */
export function importChunkOf(error: unknown): ImportChunkInfo | undefined {
  return BulkWriteImportError.isInstance(error) ? { ...error.chunk } : undefined;
}

/**
 * `error` as the import throws it for file `chunk` (job `jobId`, once created): wrapped, with the
 * original as `cause`. An abort (the caller's signal's reason) passes through as it is.
 */
export function wrapImportError(
  error: unknown,
  chunk: ImportChunkInfo,
  jobId: string | undefined,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted && error === signal.reason) return error;
  const causeJob = (error as { jobId?: unknown } | null)?.jobId;
  const job = jobId ?? (typeof causeJob === 'string' ? causeJob : undefined);
  const where = `records ${chunk.firstIndex}..${chunk.lastIndex} (file ${chunk.index + 1})${job === undefined ? '' : `, job ${job}`}`;
  const reason = error instanceof Error ? error.message : String(error);
  return new BulkWriteImportError(`bulkWrite.import failed for ${where}: ${reason}`, {
    chunk,
    jobId: job,
    cause: error,
  });
}
