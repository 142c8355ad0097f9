/**
 * A sync run's plan, checked before any request: the caller's query, the cursor it continues
 * from, the export query (the caller's criteria and'ed with `Modified_Time ≥ cursor`), the resume
 * point.
 */
import { type PreparedQuery, prepareExportQuery } from '../export/checkpoint.js';
import type { BulkReadExportQuery } from '../export/options.js';
import { and, where } from '../schemas/criteria-builder.js';
import { parseSyncCheckpoint } from './checkpoint.js';
import { parseCursor, type SyncCursor } from './cursor.js';
import type { ChangesOptions, ChangesQuery, SyncCheckpoint } from './options.js';

export interface SyncPlan {
  /** The caller's query (module, fields, criteria): what a cursor belongs to. */
  prepared: PreparedQuery;
  since: SyncCursor | undefined;
  exportQuery: BulkReadExportQuery;
  resume: SyncCheckpoint | undefined;
}

export function planRun(query: ChangesQuery, options: ChangesOptions): SyncPlan {
  options.signal?.throwIfAborted();
  const { since: rawSince, ...rest } = query ?? ({} as ChangesQuery);
  const prepared = prepareExportQuery({ module: rest.module, fields: rest.fields, criteria: rest.criteria });
  const since = rawSince === undefined ? undefined : parseCursor(rawSince, prepared);
  const resume = options.resume === undefined ? undefined : parseSyncCheckpoint(options.resume, prepared);
  const exportQuery: BulkReadExportQuery = { module: prepared.module };
  if (rest.fields !== undefined) exportQuery.fields = rest.fields;
  const modified = since === undefined ? undefined : where('Modified_Time').greaterEqual(since.modifiedSince);
  const criteria = modified && rest.criteria ? and(modified, rest.criteria) : (modified ?? rest.criteria);
  if (criteria !== undefined) exportQuery.criteria = criteria;
  // the combined criteria must fit Zoho's limits too (≤ 25 conditions): checked before any request
  prepareExportQuery(exportQuery);
  return { prepared, since, exportQuery, resume };
}
