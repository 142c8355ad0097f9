/**
 * `bulkRead.export(query)`: every record of every page — the walk over the pages.
 *
 * Page 1's job is created and waited for; as soon as a page's job completes (and before its file
 * is streamed) the next page's job is created — from `next_page_token` (v7+) or `page + 1` — so
 * Zoho works on page N+1 while page N streams (`read-page.ts`, `page-job.ts`).
 *
 * Checkpoints (`run.ts`, `checkpoint.ts`): one is emitted only when the generator resumes, i.e.
 * after the consumer's loop body for the last counted record has returned. Resuming from a
 * checkpoint with `totalRecords: k` yields exactly records k+1, k+2, … of the export.
 *
 * Recovery (`recovery.ts`): a job or file that is gone (404, or 400 RESOURCE_NOT_FOUND: expired
 * after a day, unknown job) is created again once per page — from the page token or page number —
 * and the records already delivered are skipped. When Zoho refuses a page token (400: it lives
 * 24 h), the export starts again from page 1 once, skipping whole pages by their `count` without
 * downloading.
 */
import { LoopTurns } from '../streaming/record-batches.js';
import type { ExportContext } from './context.js';
import type { BulkReadExportOptions, BulkReadExportQuery } from './options.js';
import type { Prefetch } from './page-job.js';
import { type PageOutcome, readPage } from './read-page.js';
import { provablyNotSent } from './recovery.js';
import { type ExportRun, type PageStart, startExport } from './run.js';

type PageDone = Extract<PageOutcome, { type: 'done' }>;

/** Reports the end of a streamed page. */
function pageComplete(run: ExportRun, start: PageStart, done: PageDone): void {
  if (!done.streamed) return;
  const { page } = start.cursor;
  const { jobId, inPage, bytes } = done;
  const counts = { page, jobId, recordsInPage: inPage, totalRecords: run.total, bytes };
  run.emit({ type: 'records', ...counts });
  run.emit({ type: 'page-complete', ...counts, moreRecords: done.next !== undefined });
}

/**
 * Moves on to the next page: a checkpoint pointing at it, then the outcome of its prefetched create.
 * A create that may have landed (5xx, reset, timeout) is not sent again: a job is a write, and costs
 * credits; the checkpoint just taken lets the caller resume from that page.
 */
async function nextPage(run: ExportRun, done: PageDone & { next: Prefetch }): Promise<PageStart> {
  const { next } = done;
  if (next.blocked !== undefined) throw next.blocked;
  const count = done.job.result?.count;
  const start: PageStart = {
    cursor: next.cursor,
    jobId: next.created?.id,
    // Surplus records to skip (after a restart), carried over a page skipped whole.
    skip: !done.streamed && count !== undefined ? done.inPage - count : 0,
  };
  await run.checkpoint(start.cursor, { jobId: start.jobId, recordsInPage: start.skip });
  if (next.created === undefined && next.error !== undefined && !provablyNotSent(next.error))
    throw next.error;
  if (next.created) {
    const { id, state } = next.created;
    run.emit({ type: 'job', page: start.cursor.page, jobId: id, state, job: next.created });
  }
  return start;
}

/** Every record of every page of `query` (see the module comment). */
export async function* exportRecords(
  ctx: ExportContext,
  query: BulkReadExportQuery,
  options: BulkReadExportOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const started = startExport(ctx, query, options);
  if (started === undefined) return; // resumed from the checkpoint of a finished export
  const { run } = started;
  let start = started.first;
  let restarted = false;
  const turns = new LoopTurns();
  for (;;) {
    // Pages come a batch of records at a time; this is the one generator a record passes.
    const pages = readPage(run, start, !restarted);
    let outcome: PageOutcome | undefined;
    try {
      for (let step = await pages.next(); ; step = await pages.next()) {
        if (step.done) {
          outcome = step.value;
          break;
        }
        const { records, consumed } = step.value;
        for (let i = 0; i < records.length; i++) {
          yield records[i];
          // The consumer is done with the record: count it (maybe take a checkpoint).
          const checkpoint = consumed();
          if (checkpoint) await checkpoint;
          const turn = turns.tick();
          if (turn) await turn;
        }
      }
    } finally {
      // A `break` (or an error) of the consumer: stop the page, which cancels its download.
      if (outcome === undefined) await pages.return(undefined as never);
    }
    if (outcome.type === 'restart') {
      // The page token expired: walk again from page 1, skipping what was delivered.
      restarted = true;
      start = { cursor: { page: 1, pageToken: undefined }, jobId: undefined, skip: run.total };
      continue;
    }
    pageComplete(run, start, outcome);
    if (outcome.next === undefined) {
      await run.checkpoint(start.cursor, {
        jobId: outcome.jobId,
        recordsInPage: outcome.inPage,
        complete: true,
      });
      return;
    }
    start = await nextPage(run, { ...outcome, next: outcome.next });
  }
}
