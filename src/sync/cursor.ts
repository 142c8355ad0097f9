/**
 * The sync cursor (plain JSON): the query it belongs to and the two lower bounds of the next run,
 * `modifiedSince` (for `Modified_Time`) and `deletedSince` (for `If-Modified-Since`), both Zoho's
 * clock at the start of the run that produced it, minus the overlap.
 */
import { z } from 'zod';
import { invalidRequest, parseRequest } from '../core/validate.js';
import { type PreparedQuery, stableJson } from '../export/checkpoint.js';

const ENDPOINT = 'bulkRead.changes';

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time');

export const syncCursorSchema = z.object({
  version: z.literal(1, { error: 'unsupported cursor version (expected 1)' }),
  /** Module api name. */
  module: z.string().min(1),
  /** The caller's query (module, fields, criteria); a later run must ask the same. */
  query: z.record(z.string(), z.unknown()),
  /** Records with `Modified_Time` at or after this are exported by the next run. */
  modifiedSince: instant,
  /** Deletions at or after this are listed by the next run. */
  deletedSince: instant,
  /**
   * Set when the run that produced it started from a cursor older than Zoho keeps deletions
   * (60 days for the recycle bin): some deletions before it may never have been delivered.
   */
  deletionsIncomplete: z.boolean().optional(),
});
export type SyncCursor = z.output<typeof syncCursorSchema>;

/** Checks a `since` value and that it belongs to this query. */
export function parseCursor(since: unknown, prepared: PreparedQuery): SyncCursor {
  const cursor = parseRequest(syncCursorSchema, since, `${ENDPOINT} (since)`);
  if (!madeFor(cursor, prepared)) {
    throw invalidRequest({
      endpoint: ENDPOINT,
      path: ['since', 'query'],
      message: 'query mismatch',
      headline: `Invalid input for ${ENDPOINT}: the cursor was made for another query (module ${JSON.stringify(cursor.module)}); run without since for a new, full sync`,
    });
  }
  return cursor;
}

/** Whether a cursor belongs to this query (same module, same fields and criteria). */
export function madeFor(cursor: SyncCursor, prepared: PreparedQuery): boolean {
  return cursor.module === prepared.module && stableJson(cursor.query) === stableJson(prepared.query);
}

/** `2024-07-01T00:00:00+00:00`: UTC, whole seconds, an explicit offset (as Zoho wants). */
function formatInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** The cursor of a run that started at `start` (Zoho's clock, epoch ms). */
export function makeCursor(
  prepared: PreparedQuery,
  start: number,
  overlapMs: number,
  deletionsIncomplete: boolean,
): SyncCursor {
  const since = formatInstant(start - overlapMs);
  return {
    version: 1,
    module: prepared.module,
    query: structuredClone(prepared.query),
    modifiedSince: since,
    deletedSince: since,
    ...(deletionsIncomplete ? { deletionsIncomplete: true } : {}),
  };
}
