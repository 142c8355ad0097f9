/**
 * Options and progress events of `client.bulkRead.export(query, options)`.
 */
import type { z } from 'zod';
import type { WaitOptions } from '../core/poller.js';
import type { CallbackHub } from '../resources/callbacks.js';
import type { BulkReadJob, BulkReadState, ExportCheckpoint } from '../schemas/bulk-read.js';
import type { Criteria } from '../schemas/criteria.js';

/** What `export` reads: the `query` of a create body, without `page` / `page_token`. */
export interface BulkReadExportQuery {
  /** Module api name, or `{ api_name }`. */
  module: string | { api_name: string; id?: string };
  /** Field api names (≤ 200; dot notation for lookups, `Account_Name.Account_Name`). @default every field */
  fields?: readonly string[] | undefined;
  /** Raw Zoho criteria or the builder's (`where`, `and`, `or`). @default none */
  criteria?: Criteria | undefined;
  /** Custom view id. @default none */
  cvid?: string | undefined;
  /** `'ics'` for Events (Meetings) as iCalendar; not with `fields`. @default 'csv' */
  file_type?: 'csv' | 'ics' | undefined;
}

/** Emitted while a job is created and polled (once per status read). */
export interface ExportJobEvent {
  type: 'job';
  page: number;
  jobId: string;
  state: BulkReadState;
  job: BulkReadJob;
}

/** A page's file is about to be read. */
export interface ExportPageStartEvent {
  type: 'page-start';
  page: number;
  jobId: string;
  /** Records in the page, as Zoho reports them. */
  count: number | undefined;
  /** Records of the page skipped (already delivered before a resume). */
  skip: number;
  moreRecords: boolean;
}

/** Periodically while a page streams (every `progressEvery` records) and once at its end. */
export interface ExportRecordsEvent {
  type: 'records';
  page: number;
  jobId: string;
  /** Records of this page delivered so far (skipped ones included). */
  recordsInPage: number;
  /** Records of the whole export delivered so far. */
  totalRecords: number;
  /** Compressed bytes of this page downloaded so far. */
  bytes: number;
}

/** Every record of a page has been delivered. */
export interface ExportPageCompleteEvent {
  type: 'page-complete';
  page: number;
  jobId: string;
  recordsInPage: number;
  totalRecords: number;
  bytes: number;
  moreRecords: boolean;
}

export type ExportProgressEvent =
  | ExportJobEvent
  | ExportPageStartEvent
  | ExportRecordsEvent
  | ExportPageCompleteEvent;

/** Poll settings of every page's job. */
export type ExportPollOptions = Pick<WaitOptions<BulkReadJob>, 'interval' | 'maxInterval' | 'timeout'>;

export interface BulkReadExportOptions {
  /** Stops the export (wait or download); rejects with the signal's reason. Jobs are left alone. @default none */
  signal?: AbortSignal | undefined;
  /** A zod schema each record is parsed with (as in `records`). @default none */
  schema?: z.ZodType | undefined;
  /** Progress: job states, page start/end, record counts. @default none */
  onProgress?: ((event: ExportProgressEvent) => void) | undefined;
  /**
   * Receives a checkpoint (plain JSON) after every page and every `checkpointEvery` records. It
   * counts only records whose loop body has finished; a returned promise is awaited before the
   * next record is produced. @default none
   */
  onCheckpoint?: ((checkpoint: ExportCheckpoint) => unknown) | undefined;
  /** A checkpoint from an earlier run of the same query: continue after the records it counts. @default none */
  resume?: ExportCheckpoint | undefined;
  /** Records between two checkpoints within a page. @default 10000 */
  checkpointEvery?: number | undefined;
  /** Records between two `records` progress events. @default 1000 */
  progressEvery?: number | undefined;
  /** Poll interval, back-off ceiling and timeout for every page's job. @default the client's `poll` */
  poll?: ExportPollOptions | undefined;
  /** Retries of a download that fails part-way, per page. @default 5 */
  maxRetries?: number | undefined;
  /**
   * Zoho calls `url` when each job finishes; with `hub`, a delivered callback ends the poll sleep
   * early (the job is still read before its page is streamed). @default none
   */
  callback?: { url: string; hub?: CallbackHub | undefined } | undefined;
}
