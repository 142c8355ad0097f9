/**
 * Query, options, events and checkpoints of `client.bulkRead.changes(query, options)`.
 */
import type { ExportPollOptions, ExportProgressEvent } from '../export/options.js';
import type { ExportCheckpoint } from '../schemas/bulk-read.js';
import type { Criteria } from '../schemas/criteria.js';
import type { DeletedType } from '../schemas/deleted-records.js';
import type { SyncCursor } from './cursor.js';

export interface ChangesQuery {
  /** Module api name, or `{ api_name }`. */
  module: string | { api_name: string; id?: string };
  /** Field api names (≤ 200). @default every field */
  fields?: readonly string[] | undefined;
  /** The caller's criteria, and'ed with the `Modified_Time` condition (≤ 25 conditions in all). @default none */
  criteria?: Criteria | undefined;
  /** The cursor of the previous run; absent for a first, full run. @default none */
  since?: SyncCursor | undefined;
}

/** A record created or changed since the cursor (every record on a first run). */
export interface UpsertEvent {
  type: 'upsert';
  /** CSV text keyed by header, `Id` included. */
  record: Record<string, string>;
}

/** A record deleted since the cursor. Permanent entries come with nulls from Zoho: only id and time are relied on. */
export interface DeleteEvent {
  type: 'delete';
  id: string;
  /** As Zoho sent it (ISO 8601 with offset). */
  deletedTime: string;
  deletedType: DeletedType;
}

export type ChangeEvent = UpsertEvent | DeleteEvent;

/** A page of deleted records has been read. */
export interface SyncDeletedPageEvent {
  type: 'deleted-page';
  page: number;
  count: number;
  moreRecords: boolean;
}

/** The cursor is older than Zoho keeps deletions: some may be missing (the new cursor is flagged). */
export interface SyncDeletionsIncompleteEvent {
  type: 'deletions-incomplete';
  since: string;
  retentionDays: number;
}

export type SyncProgressEvent = ExportProgressEvent | SyncDeletedPageEvent | SyncDeletionsIncompleteEvent;

/** Where a run cut short stands (plain JSON): pass it as `resume` with the same query and `since`. */
export interface SyncCheckpoint {
  version: 1;
  /** The cursor this run will hand to `onCursor` when it finishes. */
  next: SyncCursor;
  /** The export part's checkpoint (absent before its first one). */
  export?: ExportCheckpoint | undefined;
}

export interface ChangesOptions {
  /** Stops the run; the cursor does not move. @default none */
  signal?: AbortSignal | undefined;
  /** Called once, after the last event has been consumed, with the next run's cursor. @default none */
  onCursor?: ((cursor: SyncCursor) => unknown) | undefined;
  /** Export progress plus `deleted-page` and `deletions-incomplete`. @default none */
  onProgress?: ((event: SyncProgressEvent) => void) | undefined;
  /** List deletions (`GET /crm/{v}/{module}/deleted`). @default true */
  deleted?: boolean | undefined;
  /**
   * How far before this run's start (Zoho's clock, from a response's `Date` header) the next run
   * looks back: covers clock skew and records written while a job is prepared. @default 300000 (5 min)
   */
  overlapMs?: number | undefined;
  /** Receives a checkpoint (plain JSON) as the export's `onCheckpoint` does; awaited. @default none */
  onCheckpoint?: ((checkpoint: SyncCheckpoint) => unknown) | undefined;
  /** A checkpoint of an earlier, cut-short run with the same query and `since`. @default none */
  resume?: SyncCheckpoint | undefined;
  /** Records between two checkpoints within a page (as in export). @default 10000 */
  checkpointEvery?: number | undefined;
  /** Poll settings of every page's job. @default the client's `poll` */
  poll?: ExportPollOptions | undefined;
}
