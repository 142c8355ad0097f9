/**
 * Zoho's clock as a client sees it (metadata-sync.md §3.4): the `Date` header of a response, else
 * the job's server-stamped `created_time`, else the local clock read before the request.
 */
import type { BulkReadJob } from '../schemas/bulk-read.js';

/** Default look-back of the next run: 5 minutes. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** Days Zoho lists recycle-bin deletions (permanent ones: 120). A cursor older than this may miss some. */
export const DELETION_RETENTION_DAYS = 60;

const parse = (value: string | null | undefined): number | undefined => {
  if (value === null || value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

/** When the job was created, in Zoho's time (epoch ms). */
export function serverTime(dateHeader: string | null, job: BulkReadJob, localBefore: number): number {
  return parse(dateHeader) ?? parse(job.created_time) ?? localBefore;
}
