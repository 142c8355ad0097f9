/** What the sync workflow needs of `client.bulkRead` (the resource hands itself over as this). */
import type { ClientContext } from '../core/client-context.js';
import type { ExportContext } from '../export/context.js';
import type { RequestOptions } from '../resources/request-options.js';
import type { BulkReadJob } from '../schemas/bulk-read.js';
import type { BulkReadCreateBody } from '../schemas/bulk-read-body.js';

export interface SyncContext {
  client: ClientContext;
  /** The export's context (its `create` is replaced by one that reads Zoho's clock). */
  export: ExportContext;
  /** Creates a job and returns the create response's `Date` header with it. */
  createWithDate(
    body: BulkReadCreateBody,
    options: RequestOptions,
  ): Promise<{ job: BulkReadJob; date: string | null }>;
}
