/**
 * One page of an export: get its job (create it when there is none, wait for it), create the
 * next page's job, then stream the page's records, reporting progress and taking checkpoints.
 * A job or file that is gone is created again once per page; a page token Zoho refuses asks the
 * caller to walk again from page 1 (see `export-pages.ts`).
 *
 * Records come a batch at a time (`src/streaming/record-batches.ts`); the caller hands them out one
 * by one and calls the batch's `consumed()` after each, once its consumer is done with it.
 */
import type { BulkReadJob } from '../schemas/bulk-read.js';
import { recordBatches } from '../streaming/record-batches.js';
import { createPageJob, type Prefetch, prefetchNextPage, waitForPageJob } from './page-job.js';
import { isGone, isRefusedPageToken } from './recovery.js';
import type { ExportRun, PageStart } from './run.js';

/** Records of a page, in order. */
export interface PageBatch {
  records: readonly unknown[];
  /** Counts the next record as delivered; a promise (a checkpoint being taken) asks to wait. */
  consumed: () => Promise<void> | undefined;
}

/** How a page ended. */
export type PageOutcome =
  | { type: 'restart' }
  | {
      type: 'done';
      job: BulkReadJob;
      jobId: string;
      /** Records of the page delivered, skipped ones included. */
      inPage: number;
      /** False when the page was skipped whole (delivered before, known from its `count`). */
      streamed: boolean;
      bytes: number;
      /** The next page, when there is one. */
      next: Prefetch | undefined;
    };

/** Creates the job when there is none yet, then waits for it. A refused page token is reported, not thrown. */
async function pageJob(
  run: ExportRun,
  start: PageStart,
  jobId: string | undefined,
  canRestart: boolean,
): Promise<{ job: BulkReadJob; jobId: string } | 'restart'> {
  const { cursor } = start;
  if (jobId === undefined) {
    let created: BulkReadJob;
    try {
      created = await createPageJob(run, cursor);
    } catch (error) {
      if (canRestart && cursor.pageToken !== undefined && isRefusedPageToken(error)) return 'restart';
      throw error;
    }
    jobId = created.id;
    run.emit({ type: 'job', page: cursor.page, jobId, state: created.state, job: created });
  }
  return { job: await waitForPageJob(run, jobId, cursor.page), jobId };
}

/** Streams the page's records from `counts.inPage` on, counting them and reporting as they are consumed. */
async function* pageRecords(
  run: ExportRun,
  start: PageStart,
  job: BulkReadJob,
  jobId: string,
  counts: { inPage: number; bytes: number },
): AsyncGenerator<PageBatch, void, undefined> {
  const { page } = start.cursor;
  const records = run.ctx.records(job, {
    signal: run.signal,
    skip: counts.inPage,
    schema: run.options.schema,
    maxRetries: run.options.maxRetries,
    onBytes: (n) => {
      counts.bytes += n;
    },
  });
  const consumed = (): Promise<void> | undefined => {
    const inPage = ++counts.inPage;
    run.total++;
    if (inPage % run.progressEvery === 0) {
      const { bytes } = counts;
      run.emit({ type: 'records', page, jobId, recordsInPage: inPage, totalRecords: run.total, bytes });
    }
    if (inPage % run.checkpointEvery === 0)
      return run.checkpoint(start.cursor, { jobId, recordsInPage: inPage });
    return undefined;
  };
  for await (const batch of recordBatches(records)) yield { records: batch, consumed };
}

/** Reads one page (see the module comment). `canRestart`: a refused page token may restart the export. */
export async function* readPage(
  run: ExportRun,
  start: PageStart,
  canRestart: boolean,
): AsyncGenerator<PageBatch, PageOutcome, undefined> {
  let jobId = start.jobId;
  let next: Prefetch | undefined;
  let recreated = false;
  const counts = { inPage: start.skip, bytes: 0 };
  for (;;) {
    let got: Awaited<ReturnType<typeof pageJob>>;
    try {
      got = await pageJob(run, start, jobId, canRestart);
    } catch (error) {
      if (recreated || !isGone(error)) throw error;
      recreated = true;
      jobId = undefined;
      continue;
    }
    if (got === 'restart') return { type: 'restart' };
    const { job } = got;
    jobId = got.jobId;
    const more = job.result?.more_records === true;
    if (!more) next = undefined;
    else if (next?.created === undefined) next = await prefetchNextPage(run, job, start.cursor);
    const count = job.result?.count;
    const done = { type: 'done', job, jobId, next } as const;
    // A page delivered in full before (e.g. after a restart): no need to download it.
    if (count !== undefined && counts.inPage >= count)
      return { ...done, inPage: counts.inPage, streamed: false, bytes: 0 };
    run.emit({
      type: 'page-start',
      page: start.cursor.page,
      jobId,
      count,
      skip: counts.inPage,
      moreRecords: next !== undefined,
    });
    try {
      yield* pageRecords(run, start, job, jobId, counts);
    } catch (error) {
      if (recreated || !isGone(error)) throw error;
      recreated = true;
      jobId = undefined;
      // The old job's next page token may be as old as its file: prefetch again if it failed.
      if (next?.created === undefined) next = undefined;
      continue;
    }
    return { ...done, inPage: counts.inPage, streamed: true, bytes: counts.bytes };
  }
}
