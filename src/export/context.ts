/**
 * What the export workflow needs of `client.bulkRead` (the resource hands itself over as this),
 * and the cursor that names one page of an export.
 */
import type { ApiVersion } from '../core/options.js';
import type { BulkReadRecordsOptions, BulkReadWaitOptions } from '../resources/bulk-read-options.js';
import type { RequestOptions } from '../resources/request-options.js';
import type { BulkReadJob } from '../schemas/bulk-read.js';
import type { BulkReadCreateBody } from '../schemas/bulk-read-body.js';

/** The part of `BulkRead` the export drives. */
export interface ExportContext {
  version: ApiVersion;
  now: () => number;
  create(body: BulkReadCreateBody, options: RequestOptions): Promise<BulkReadJob>;
  waitFor(jobId: string, options: BulkReadWaitOptions): Promise<BulkReadJob>;
  records(job: BulkReadJob, options: BulkReadRecordsOptions): AsyncIterable<unknown>;
}

/** One page of an export. */
export interface Cursor {
  /** 1-based. */
  page: number;
  /** The page_token that creates this page's job (v7+, pages after the first). */
  pageToken: string | undefined;
}
