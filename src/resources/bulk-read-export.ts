/**
 * `bulkRead.export(query)`: every record of every page. Page 1's job is created and waited for;
 * as soon as a page's job completes (and before its file is streamed) the next page's job is
 * created — from `next_page_token` (v7+) or `page + 1` — so Zoho works on page N+1 while page N
 * streams. Checkpoints let a crashed run continue without re-reading delivered records.
 *
 * Checkpoint semantics: a checkpoint is emitted only when the generator resumes, i.e. after the
 * consumer's loop body for the last counted record has returned. Resuming from a checkpoint with
 * `totalRecords: k` yields exactly records k+1, k+2, … of the export.
 *
 * Recovery: a job or file that is gone (404, or 400 RESOURCE_NOT_FOUND: expired after a day,
 * unknown job) is created again once per page — from the page token or page number — and the
 * records already delivered are skipped. When Zoho refuses a page token (400: it lives 24 h), the
 * export starts again from page 1 once, skipping whole pages by their `count` without downloading.
 */
import { ConnectionError, RateLimitError } from '../core/errors.js';
import type { ApiVersion } from '../core/options.js';
import type { BulkReadJob, ExportCheckpoint } from '../schemas/bulk-read.js';
import type { BulkReadCreateBody } from '../schemas/bulk-read-body.js';
import { parseCheckpoint, prepareExportQuery } from './bulk-read-checkpoint.js';
import type {
  BulkReadExportOptions,
  BulkReadExportQuery,
  BulkReadRecordsOptions,
  BulkReadRequestOptions,
  BulkReadWaitOptions,
  ExportProgressEvent,
} from './bulk-read-options.js';
import { isGone, isRefusedPageToken } from './bulk-read-recovery.js';
import { usesPageToken } from './bulk-read-request.js';

/** The part of `BulkRead` the export drives. */
export interface ExportContext {
  version: ApiVersion;
  now: () => number;
  create(body: BulkReadCreateBody, options: BulkReadRequestOptions): Promise<BulkReadJob>;
  waitFor(jobId: string, options: BulkReadWaitOptions): Promise<BulkReadJob>;
  records(job: BulkReadJob, options: BulkReadRecordsOptions): AsyncIterable<unknown>;
}

interface Cursor {
  page: number;
  /** The page_token that creates this page's job (v7+, pages after the first). */
  pageToken: string | undefined;
}

/** The next page's job, created while this page streams. */
interface Prefetch {
  cursor: Cursor;
  job: Promise<BulkReadJob>;
  /** Set once `job` has settled. */
  created: BulkReadJob | undefined;
  /** Why the create failed, when it did. */
  error?: unknown;
}

/** The create provably did not reach Zoho (the transport already retried these), so asking again is safe. */
const provablyNotSent = (error: unknown): boolean =>
  error instanceof RateLimitError || (error instanceof ConnectionError && error.notSent);

interface CheckpointFields {
  page: number;
  jobId: string | undefined;
  recordsInPage: number;
  totalRecords: number;
  complete?: boolean;
}

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;

export async function* exportRecords(
  ctx: ExportContext,
  query: BulkReadExportQuery,
  options: BulkReadExportOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const { signal, onProgress, onCheckpoint, schema, maxRetries, callback } = options;
  signal?.throwIfAborted();
  const prepared = prepareExportQuery(query);
  const resume = options.resume === undefined ? undefined : parseCheckpoint(options.resume, prepared);
  if (resume?.complete) return;
  const checkpointEvery = positive(options.checkpointEvery, 10_000);
  const progressEvery = positive(options.progressEvery, 1_000);
  const tokens = usesPageToken(ctx.version);
  const { file_type: fileType, ...baseQuery } = prepared.query;

  const emit = (event: ExportProgressEvent): void => onProgress?.(event);
  const checkpoint = async (cursor: Cursor, fields: CheckpointFields): Promise<void> => {
    if (!onCheckpoint) return;
    const value: ExportCheckpoint = {
      version: 1,
      module: prepared.module,
      query: structuredClone(prepared.query),
      page: fields.page,
      ...(cursor.pageToken === undefined ? {} : { pageToken: cursor.pageToken }),
      ...(fields.jobId === undefined ? {} : { jobId: fields.jobId }),
      recordsInPage: fields.recordsInPage,
      totalRecords: fields.totalRecords,
      createdAt: new Date(ctx.now()).toISOString(),
      ...(fields.complete ? { complete: true } : {}),
    };
    await onCheckpoint(value);
  };
  const create = (cursor: Cursor): Promise<BulkReadJob> => {
    const body: Record<string, unknown> = {};
    if (tokens && cursor.pageToken !== undefined) body.query = { page_token: cursor.pageToken };
    else {
      body.query = cursor.page > 1 ? { ...baseQuery, page: cursor.page } : { ...baseQuery };
      if (fileType !== undefined) body.file_type = fileType;
    }
    if (callback !== undefined) body.callback = { url: callback.url, method: 'post' };
    return ctx.create(body as BulkReadCreateBody, { signal });
  };
  const waitFor = async (jobId: string, page: number): Promise<BulkReadJob> => {
    const stop = new AbortController();
    const wake = callback?.hub?.waitFor(jobId, { signal: stop.signal });
    wake?.catch(() => {});
    try {
      return await ctx.waitFor(jobId, {
        ...options.poll,
        signal,
        wake,
        onProgress: (job) => emit({ type: 'job', page, jobId, state: job.state, job }),
      });
    } finally {
      stop.abort();
    }
  };
  const prefetch = async (cursor: Cursor): Promise<Prefetch> => {
    const job = create(cursor);
    const entry: Prefetch = { cursor, job, created: undefined };
    // Settled before this page streams, so it is created first. A failure is dealt with when the
    // page is reached: created again only if the request provably never reached Zoho.
    entry.created = await job.catch((error: unknown) => {
      entry.error = error;
      return undefined;
    });
    return entry;
  };

  let cursor: Cursor = { page: resume?.page ?? 1, pageToken: resume?.pageToken };
  let jobId = resume?.jobId;
  /** Records of the current page already delivered (from the start of this page). */
  let skip = resume?.recordsInPage ?? 0;
  let total = resume?.totalRecords ?? 0;
  let restarted = false;

  pages: for (;;) {
    let next: Prefetch | undefined;
    let recreated = false;
    let inPage = skip;
    let bytes = 0;
    let job: BulkReadJob;
    let streamed = false;
    for (;;) {
      let creating = false;
      try {
        if (jobId === undefined) {
          creating = true;
          const created = await create(cursor);
          creating = false;
          jobId = created.id;
          emit({ type: 'job', page: cursor.page, jobId, state: created.state, job: created });
        }
        job = await waitFor(jobId, cursor.page);
      } catch (error) {
        if (creating && !restarted && cursor.pageToken !== undefined && isRefusedPageToken(error)) {
          // The page token expired: walk again from page 1, skipping what was delivered.
          restarted = true;
          cursor = { page: 1, pageToken: undefined };
          jobId = undefined;
          skip = total;
          continue pages;
        }
        if (recreated || !isGone(error)) throw error;
        recreated = true;
        jobId = undefined;
        continue;
      }
      const result = job.result ?? {};
      if (result.more_records === true && next?.created === undefined) {
        const token = tokens ? result.next_page_token : undefined;
        next = await prefetch({ page: cursor.page + 1, pageToken: token });
      } else if (result.more_records !== true) next = undefined;
      const count = result.count;
      // A page delivered in full before (e.g. after a restart): no need to download it.
      if (count !== undefined && inPage >= count) break;
      const pageJobId = jobId;
      emit({
        type: 'page-start',
        page: cursor.page,
        jobId,
        count,
        skip: inPage,
        moreRecords: next !== undefined,
      });
      streamed = true;
      const records = ctx.records(job, {
        signal,
        skip: inPage,
        schema,
        maxRetries,
        onBytes: (n) => {
          bytes += n;
        },
      });
      try {
        for await (const record of records) {
          inPage++;
          total++;
          yield record;
          // Here the consumer has finished with this record.
          if (inPage % progressEvery === 0) {
            emit({
              type: 'records',
              page: cursor.page,
              jobId,
              recordsInPage: inPage,
              totalRecords: total,
              bytes,
            });
          }
          if (inPage % checkpointEvery === 0) {
            await checkpoint(cursor, {
              page: cursor.page,
              jobId: pageJobId,
              recordsInPage: inPage,
              totalRecords: total,
            });
          }
        }
      } catch (error) {
        if (recreated || !isGone(error)) throw error;
        recreated = true;
        jobId = undefined;
        // The old job's next page token may be as old as its file: prefetch again if it failed.
        if (next?.created === undefined) next = undefined;
        continue;
      }
      break;
    }
    const pageJobId = jobId as string;
    const count = job.result?.count;
    if (streamed) {
      emit({
        type: 'records',
        page: cursor.page,
        jobId: pageJobId,
        recordsInPage: inPage,
        totalRecords: total,
        bytes,
      });
      emit({
        type: 'page-complete',
        page: cursor.page,
        jobId: pageJobId,
        recordsInPage: inPage,
        totalRecords: total,
        bytes,
        moreRecords: next !== undefined,
      });
    }
    if (next === undefined) {
      await checkpoint(cursor, {
        page: cursor.page,
        jobId: pageJobId,
        recordsInPage: inPage,
        totalRecords: total,
        complete: true,
      });
      return;
    }
    cursor = next.cursor;
    jobId = next.created?.id;
    skip = !streamed && count !== undefined ? inPage - count : 0;
    await checkpoint(cursor, { page: cursor.page, jobId, recordsInPage: skip, totalRecords: total });
    // A create that may have landed (5xx, reset, timeout) is not sent again: a job is a write, and
    // costs credits. The checkpoint just taken lets the caller resume from this page.
    if (next.created === undefined && next.error !== undefined && !provablyNotSent(next.error))
      throw next.error;
    if (next.created) {
      emit({
        type: 'job',
        page: cursor.page,
        jobId: next.created.id,
        state: next.created.state,
        job: next.created,
      });
    }
  }
}
