/**
 * Lists deletions since a time: `GET /crm/{v}/{module}/deleted?type=all&page=n&per_page=200` with
 * `If-Modified-Since`, every page until `more_records` is false. 204 (and an undocumented 304, or
 * an empty body) mean none.
 */
import type { ClientContext } from '../core/client-context.js';
import { parseResponse } from '../core/validate.js';
import { type DeletedRecord, deletedRecordsResponseSchema } from '../schemas/deleted-records.js';

const DELETED_PER_PAGE = 200;

export interface DeletedPage {
  page: number;
  records: DeletedRecord[];
  moreRecords: boolean;
}

/** Pages of deletions at or after `since` (ISO 8601 with offset), one request per page. */
export async function* deletedPages(
  client: ClientContext,
  module: string,
  since: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<DeletedPage, void, undefined> {
  const path = `/crm/${client.options.apiVersion}/${encodeURIComponent(module)}/deleted`;
  for (let page = 1; ; page++) {
    const response = await client.transport.request({
      method: 'GET',
      path,
      query: { type: 'all', page, per_page: DELETED_PER_PAGE },
      ...(since === undefined ? {} : { headers: { 'If-Modified-Since': since } }),
      signal,
      operation: 'records.deleted',
    });
    if (response.status === 204 || response.status === 304 || response.body === undefined) return;
    const parsed = parseResponse(deletedRecordsResponseSchema, response.body, `GET ${path}`);
    const moreRecords = parsed.info?.more_records === true && parsed.data.length > 0;
    yield { page, records: parsed.data, moreRecords };
    if (!moreRecords) return;
  }
}
