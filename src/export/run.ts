/**
 * One export run: the checked query, the resume point, the settings every step reads, the
 * running record count, and the two ways the run reports (progress events and checkpoints).
 */
import { usesPageToken } from '../core/api-version.js';
import type { ExportCheckpoint } from '../schemas/bulk-read.js';
import { type PreparedQuery, parseCheckpoint, prepareExportQuery } from './checkpoint.js';
import type { Cursor, ExportContext } from './context.js';
import type { BulkReadExportOptions, BulkReadExportQuery, ExportProgressEvent } from './options.js';

/** Where a page starts: its cursor, its job when one exists, and the records of it to skip. */
export interface PageStart {
  cursor: Cursor;
  jobId: string | undefined;
  /** Records of this page already delivered (by an earlier run, or before a restart). */
  skip: number;
}

/** What a checkpoint says beyond the query (see `ExportCheckpoint`). */
export interface CheckpointFields {
  jobId: string | undefined;
  recordsInPage: number;
  complete?: boolean;
}

export interface ExportRun {
  ctx: ExportContext;
  options: BulkReadExportOptions;
  signal: AbortSignal | undefined;
  /** v7+: pages after the first are created from `next_page_token`. */
  tokens: boolean;
  /** The query of page 1 (module, fields, criteria, cvid), without `file_type`. */
  baseQuery: Record<string, unknown>;
  fileType: unknown;
  checkpointEvery: number;
  progressEvery: number;
  /** Records of the whole export delivered so far (the consumer has finished with them). */
  total: number;
  emit(event: ExportProgressEvent): void;
  /** Hands a checkpoint to `onCheckpoint` (awaited), counting `total` records. */
  checkpoint(cursor: Cursor, fields: CheckpointFields): Promise<void>;
}

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;

function checkpointValue(
  prepared: PreparedQuery,
  createdAt: number,
  cursor: Cursor,
  total: number,
  fields: CheckpointFields,
): ExportCheckpoint {
  return {
    version: 1,
    module: prepared.module,
    query: structuredClone(prepared.query),
    page: cursor.page,
    ...(cursor.pageToken === undefined ? {} : { pageToken: cursor.pageToken }),
    ...(fields.jobId === undefined ? {} : { jobId: fields.jobId }),
    recordsInPage: fields.recordsInPage,
    totalRecords: total,
    createdAt: new Date(createdAt).toISOString(),
    ...(fields.complete ? { complete: true } : {}),
  };
}

/**
 * Checks the query and the `resume` checkpoint (before any request) and sets the run up.
 * @returns the run and its first page, or `undefined` when `resume` says the export is complete
 */
export function startExport(
  ctx: ExportContext,
  query: BulkReadExportQuery,
  options: BulkReadExportOptions,
): { run: ExportRun; first: PageStart } | undefined {
  const { signal, onProgress, onCheckpoint } = options;
  signal?.throwIfAborted();
  const prepared = prepareExportQuery(query);
  const resume = options.resume === undefined ? undefined : parseCheckpoint(options.resume, prepared);
  if (resume?.complete) return undefined;
  const { file_type: fileType, ...baseQuery } = prepared.query;
  const run: ExportRun = {
    ctx,
    options,
    signal,
    tokens: usesPageToken(ctx.version),
    baseQuery,
    fileType,
    checkpointEvery: positive(options.checkpointEvery, 10_000),
    progressEvery: positive(options.progressEvery, 1_000),
    total: resume?.totalRecords ?? 0,
    emit: (event) => onProgress?.(event),
    checkpoint: async (cursor, fields) => {
      if (onCheckpoint) await onCheckpoint(checkpointValue(prepared, ctx.now(), cursor, run.total, fields));
    },
  };
  const first: PageStart = {
    cursor: { page: resume?.page ?? 1, pageToken: resume?.pageToken },
    jobId: resume?.jobId,
    skip: resume?.recordsInPage ?? 0,
  };
  return { run, first };
}
