/**
 * Options of `client.bulkRead`: `create` / `get`, `waitFor`, `records`. The options and events of
 * `export` live with the export workflow (`src/export/options.ts`) and are re-exported here.
 */
import type { z } from 'zod';
import type { WaitOptions } from '../core/poller.js';
import type { BulkReadJob } from '../schemas/bulk-read.js';
import type { RequestOptions } from './request-options.js';

export type {
  BulkReadExportOptions,
  BulkReadExportQuery,
  ExportJobEvent,
  ExportPageCompleteEvent,
  ExportPageStartEvent,
  ExportPollOptions,
  ExportProgressEvent,
  ExportRecordsEvent,
} from '../export/options.js';

/** `signal` for single requests (`create`, `get`): the options every resource's single request takes. */
export type BulkReadRequestOptions = RequestOptions;

export interface BulkReadWaitOptions extends WaitOptions<BulkReadJob> {
  /**
   * Ends the current poll sleep early when it settles (e.g. `hub.waitFor(jobId)` of a
   * `CallbackHub`); the job is still read before `waitFor` returns. @default none
   */
  wake?: Promise<unknown> | undefined;
}

export interface BulkReadRecordsOptions {
  /** Stops the stream (and the download); rejects with the signal's reason. @default none */
  signal?: AbortSignal | undefined;
  /** Records at the start of the file to leave out (already delivered by an earlier run). @default 0 */
  skip?: number | undefined;
  /**
   * A zod schema each record is parsed with (see `zohoCsv` for Zoho's CSV text); a record that
   * does not match throws `ResponseValidationError` naming the row, the column and the job.
   * @default none (records are `Record<string, string>`)
   */
  schema?: z.ZodType | undefined;
  /** Compressed bytes received, per chunk (counted again when a download is retried). @default none */
  onBytes?: ((bytes: number) => void) | undefined;
  /** Called with each record's 1-based row number in the file, just before it is yielded. @default none */
  onRecord?: ((rowNumber: number) => void) | undefined;
  /** Retries of a download that fails part-way (reset, timeout, 5xx, 429), resuming after the last record. @default 5 */
  maxRetries?: number | undefined;
}
