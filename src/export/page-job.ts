/**
 * The job behind one page of an export: its create body (page 1's query, `page + 1` before v7,
 * `page_token` from v7), the wait for it (ended early by a delivered callback), and the next
 * page's job, created as soon as this page's job completes so that Zoho prepares it while this
 * page streams.
 */
import { ResponseValidationError } from '../core/errors.js';
import type { BulkReadJob } from '../schemas/bulk-read.js';
import type { BulkReadCreateBody } from '../schemas/bulk-read-body.js';
import type { Cursor } from './context.js';
import type { ExportRun } from './run.js';

/** The next page's job, created while this page streams. */
export interface Prefetch {
  cursor: Cursor;
  /** Set once the create has succeeded. */
  created: BulkReadJob | undefined;
  /** Why the create failed, when it did. */
  error?: unknown;
  /** Why the next page cannot be created at all (thrown once this page has streamed, before its checkpoint). */
  blocked?: Error;
}

/** Creates the job of `cursor`'s page. */
export function createPageJob(run: ExportRun, cursor: Cursor): Promise<BulkReadJob> {
  const { callback } = run.options;
  const body: Record<string, unknown> = {};
  if (run.tokens && cursor.pageToken !== undefined) body.query = { page_token: cursor.pageToken };
  else {
    body.query = cursor.page > 1 ? { ...run.baseQuery, page: cursor.page } : { ...run.baseQuery };
    if (run.fileType !== undefined) body.file_type = run.fileType;
  }
  if (callback !== undefined) body.callback = { url: callback.url, method: 'post' };
  return run.ctx.create(body as BulkReadCreateBody, { signal: run.signal });
}

/** Waits for a page's job, reporting every read; a callback delivered to the hub ends a sleep early. */
export async function waitForPageJob(run: ExportRun, jobId: string, page: number): Promise<BulkReadJob> {
  const stop = new AbortController();
  const wake = run.options.callback?.hub?.waitFor(jobId, { signal: stop.signal });
  wake?.catch(() => {});
  try {
    return await run.ctx.waitFor(jobId, {
      ...run.options.poll,
      signal: run.signal,
      wake,
      onProgress: (job) => run.emit({ type: 'job', page, jobId, state: job.state, job }),
    });
  } finally {
    stop.abort();
  }
}

/**
 * The cursor of the page after `job`'s. From v7 it needs `next_page_token`: when Zoho says more
 * records follow but sends none, the error names the job (thrown once this page has streamed).
 */
function nextCursor(run: ExportRun, job: BulkReadJob, cursor: Cursor): Cursor | ResponseValidationError {
  const next = { page: cursor.page + 1, pageToken: undefined };
  if (!run.tokens) return next;
  const token = job.result?.next_page_token;
  if (token !== undefined && token !== '') return { ...next, pageToken: token };
  const message = `Job ${job.id} (page ${cursor.page}) says more records follow but gives no result.next_page_token to create the next page with`;
  return new ResponseValidationError(message, {
    issues: [{ code: 'custom', path: ['result', 'next_page_token'], message }],
    endpoint: `bulkRead job ${job.id}`,
  });
}

/**
 * Creates the next page's job. Settled before this page streams, so it is created first. A
 * failure is dealt with when the page is reached: created again only if the request provably
 * never reached Zoho.
 */
export async function prefetchNextPage(run: ExportRun, job: BulkReadJob, cursor: Cursor): Promise<Prefetch> {
  const next = nextCursor(run, job, cursor);
  if (next instanceof ResponseValidationError) return { cursor, created: undefined, blocked: next };
  const entry: Prefetch = { cursor: next, created: undefined };
  try {
    entry.created = await createPageJob(run, next);
  } catch (error) {
    entry.error = error;
  }
  return entry;
}
