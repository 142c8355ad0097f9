/**
 * What `bulkWrite.import` takes and reports: its parameters (the job's shape), its options (how it
 * runs), its progress events, and the narrow part of `BulkWrite` it drives (`ImportDeps`).
 */
import type { CallbackHub } from '../callbacks/callback-hub.js';
import type { Logger } from '../core/logger.js';
import type { PollOptions } from '../core/options.js';
import type { WaitOptions } from '../core/poller.js';
import type { BulkWriteCreated, BulkWriteJob, BulkWriteStatus } from '../schemas/bulk-write.js';
import type { BulkWriteCreateBody, BulkWriteFieldMapping } from '../schemas/bulk-write-body.js';
import type { ZohoField } from '../schemas/fields.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';
import type { DateFormat } from '../streaming/csv-writer.js';
import type { ImportChunkInfo } from './import-error.js';
import type { ResultCsv } from './result-zip.js';

/** One input record: a plain object keyed by column. */
export type InputRecord = Readonly<Record<string, unknown>>;

/** A `field_mappings[]` item whose column may be named instead of numbered. */
export type ImportFieldMapping = BulkWriteFieldMapping & {
  /** The input column feeding this field (resolved to `index`). @default none: give `index` */
  column?: string | undefined;
};

export interface BulkWriteImportParams {
  /** Module API name, e.g. `Leads`. */
  module: string;
  operation: 'insert' | 'update' | 'upsert';
  /** Plain objects keyed by column (field API names unless `fieldMappings` says otherwise). */
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>;
  /** Field that matches existing records: `id` or a unique field. Required for update and upsert. */
  findBy?: string | undefined;
  /** Zoho's `field_mappings` (a mapping may name its `column` instead of an `index`); with `children`, the parent's. @default none: Zoho maps the CSV header as API names */
  fieldMappings?: readonly ImportFieldMapping[] | undefined;
  /** Empty cells leave existing values alone; sent as the job's top-level `ignore_empty`, where Zoho's docs put it. @default false */
  ignoreEmpty?: boolean | undefined;
  /** Sent as the job's `character_encoding` (the files `import` writes are UTF-8). @default none: Zoho detects it */
  characterEncoding?: string | undefined;
  /** Column order and header (with `children`: of the parent CSV, child keys left out). @default the keys of the first record */
  columns?: readonly string[] | undefined;
  /** Pattern per column for `Date` values; a mapping's `format` is used too (with `children`: the parent's columns). @default ISO datetime */
  dateFormats?: Readonly<Record<string, DateFormat>> | undefined;
  /**
   * Parent-child import (API v7+): each parent record may hold an array of child records under
   * these keys. A map of key → child module API name (`{ Subform_1: 'Leads_Subform' }`), or a list
   * of keys whose child modules are read from the field metadata. One zip per job, one CSV per
   * module; every parent result carries `children`. @default none: a plain import
   */
  children?: Readonly<Record<string, string>> | readonly string[] | undefined;
}

/** `import`'s pre-flight: see `BulkWriteImportOptions.preflight`. */
export type PreflightMode = 'auto' | 'columns' | 'rows' | false;

/** What `onProgress` receives. `chunk` is the file concerned. */
export type BulkWriteImportEvent =
  | { type: 'uploaded'; chunk: ImportChunkInfo; fileId: string; chunksUploaded: number }
  | { type: 'created'; chunk: ImportChunkInfo; jobId: string }
  | {
      type: 'job';
      chunk: ImportChunkInfo;
      jobId: string;
      status: BulkWriteStatus;
      counts: { added: number; updated: number; skipped: number; total: number };
      job: BulkWriteJob;
    }
  | { type: 'results'; chunk: ImportChunkInfo; jobId: string; rows: number; rowsDelivered: number };

/** `import`'s callback option: where Zoho POSTs each job when it ends. */
export interface ImportCallback {
  /** Sent as every job's `callback: { url, method: 'post' }`; http or https (a signed URL: https outside loopback). */
  url: string;
  /** With a hub, a delivered callback ends a job's poll sleep early (the job is still read). @default none */
  hub?: CallbackHub | undefined;
}

export interface BulkWriteImportOptions {
  /** Stops the import: rejects with the signal's reason (jobs already created keep running on Zoho). @default none */
  signal?: AbortSignal | undefined;
  /** Files uploaded, created and waited for at the same time (results still come in input order). @default 1 */
  concurrency?: number | undefined;
  /** Progress: files uploaded, jobs created, every job state read (with counts), files delivered. @default none */
  onProgress?: ((event: BulkWriteImportEvent) => void) | undefined;
  /** Polling of each job. @default the client's `poll` options */
  poll?: PollOptions | undefined;
  /** Zoho calls `url` when each job ends; with `hub`, the callback ends the wait early. @default none: polling only */
  callback?: ImportCallback | undefined;
  /** Retries of a result download that fails part-way. @default 5 */
  maxRetries?: number | undefined;
  /** Rows per file (Zoho's limit is 25,000; fewer means more jobs, and every job costs API credits). @default 25000 */
  maxRowsPerFile?: number | undefined;
  /**
   * Checks before anything is uploaded, against the module's fields (`client.fields.list`, needs
   * the scope `ZohoCRM.settings.fields.READ` or `ZohoCRM.settings.ALL`):
   * - `'columns'`: columns that are no field, read-only fields and (insert) missing mandatory
   *   fields throw `RequestValidationError` naming every bad column; values are written by their
   *   field's type (a `Date` as a date or datetime, the format always sent in the mapping);
   * - `'rows'`: also every value; a row that cannot be written is not sent but reported as
   *   `{ status: 'SKIPPED', local: true, errors }` at its index;
   * - `'auto'`: `'columns'` when the fields can be read, else nothing (logged as
   *   `import-preflight-skipped`); an explicit `'columns'` or `'rows'` fails instead;
   * - `false`: no check; values written as they are (the CSV writer's generic forms).
   * @default 'auto'
   */
  preflight?: PreflightMode | undefined;
  /** Parent-child imports: most child rows per module in one job (Zoho's limitations page: 200 per subform or line-item CSV). @default 200 */
  maxChildRowsPerFile?: number | undefined;
}

/** What the import needs of `BulkWrite` (kept narrow so it can be tested on its own). */
export interface ImportDeps {
  uploadZip(zip: Uint8Array, fileName: string, signal: AbortSignal): Promise<{ file_id: string }>;
  create(body: BulkWriteCreateBody, opts: { signal: AbortSignal }): Promise<BulkWriteCreated>;
  waitFor(
    jobId: string,
    opts: WaitOptions<BulkWriteJob> & { signal: AbortSignal; wake?: Promise<unknown> | undefined },
  ): Promise<BulkWriteJob>;
  results(
    job: BulkWriteJob,
    opts: { signal: AbortSignal; maxRetries?: number | undefined },
  ): AsyncIterable<BulkWriteRowResult>;
  /** The API version in use (parent-child imports need v7+). */
  apiVersion?: (() => string) | undefined;
  /** Every CSV of a finished job's result zip (parent-child imports). */
  resultZip?:
    | ((
        job: BulkWriteJob,
        opts: { signal: AbortSignal; maxRetries?: number | undefined },
      ) => Promise<ResultCsv[]>)
    | undefined;
  /** The module's fields (cached by the client), for the pre-flight. @default none: no pre-flight */
  fields?: ((module: string, signal: AbortSignal | undefined) => Promise<readonly ZohoField[]>) | undefined;
  /** The client's logger (a pre-flight skipped for want of metadata is logged). */
  log?: Logger | undefined;
}
