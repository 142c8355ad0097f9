/**
 * What the progress line shows, read out of the library's progress events and job objects.
 *
 * Exports: `totalRecords` of an export event counts the records delivered so far, never the
 * records expected, so it is not a total. What is known in advance is the size of the page being
 * downloaded (`page-start`'s `count`, Zoho's figure), hence a bar per page; on the last page
 * (`moreRecords: false`) its ETA is the export's.
 */
import type { BulkWriteImportEvent, ExportProgressEvent } from './client-types.js';

/** The page being downloaded, when Zoho said how many records it holds. */
export interface PageBar {
  /** Records in the page (`page-start`'s `count`). */
  count: number;
  /** The CLI's record count at which this page's first record would have been counted
   *  (`records - base` = records of the page delivered, skipped ones included). */
  base: number;
  /** The last page: its ETA is the export's. */
  last: boolean;
  /** When the page started (epoch ms) and the CLI's count then: the page's own rate. */
  startedAt: number;
  startRecords: number;
}

export interface ProgressFacts {
  page?: number;
  state?: string;
  /** Units expected in all, when really known (import rows once read, ids, a mass update's Total_Count). */
  total?: number;
  /** Units done according to the event (the CLI counts its own; informational). */
  done?: number;
  jobId?: string;
  /** A label of what is happening (`file 2`…). */
  phase?: string;
  /** Set at `page-start`, cleared (`undefined`) when another page's job shows up. */
  pageBar?: PageBar | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function first<T>(read: (v: unknown) => T | undefined, ...values: unknown[]): T | undefined {
  for (const v of values) {
    const r = read(v);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * A job object as `waitFor`'s `onProgress` sees it — bulk read (`state`, `result.page`), bulk
 * write (`status`), mass update (`Status`, `Updated_Count`, `Total_Count`) — or an event carrying
 * one (`{ page, jobId, job }`).
 */
export function readProgressEvent(event: unknown): ProgressFacts {
  if (!isObject(event)) return {};
  const job = isObject(event.job) ? event.job : undefined;
  const result = isObject(job?.result) ? job.result : isObject(event.result) ? event.result : undefined;
  const facts: ProgressFacts = {};
  const page = first(num, event.page, result?.page, isObject(job?.query) ? job.query.page : undefined);
  if (page !== undefined) facts.page = page;
  const state = first(str, event.state, event.status, event.Status, job?.state, job?.status);
  if (state !== undefined) facts.state = state;
  // Only a mass update's status carries a real total; counts of records delivered are not totals.
  const total = num(event.Total_Count);
  if (total !== undefined) facts.total = total;
  const done = num(event.Updated_Count);
  if (done !== undefined) facts.done = done;
  const jobId = first(str, event.jobId, job?.id, event.id);
  if (jobId !== undefined) facts.jobId = jobId;
  return facts;
}

/** The progress-line facts of an export event; `records` is the CLI's count so far, `now` epoch ms. */
export function exportEventFacts(
  event: ExportProgressEvent,
  current: { page?: number | undefined; records: number },
  now: number,
): ProgressFacts {
  switch (event.type) {
    case 'job': {
      const facts: ProgressFacts = { page: event.page, jobId: event.jobId, state: event.state };
      if (event.page !== current.page) facts.pageBar = undefined;
      return facts;
    }
    case 'page-start':
      return {
        page: event.page,
        jobId: event.jobId,
        state: 'downloading',
        pageBar:
          event.count === undefined
            ? undefined
            : {
                count: event.count,
                base: current.records - event.skip,
                last: !event.moreRecords,
                startedAt: now,
                startRecords: current.records,
              },
      };
    case 'records':
    case 'page-complete':
      // Nothing here is a total: `recordsInPage` / `totalRecords` count what was delivered.
      return { page: event.page, jobId: event.jobId };
  }
}

/** The progress-line facts of a bulk-write import event: which file, and its job's status. */
export function importEventFacts(event: BulkWriteImportEvent): ProgressFacts {
  const phase = `file ${event.chunk.index + 1}`;
  switch (event.type) {
    case 'uploaded':
      return { phase, state: 'uploaded' };
    case 'created':
      return { phase, jobId: event.jobId, state: 'created' };
    case 'job':
      return { phase, jobId: event.jobId, state: event.status };
    case 'results':
      return { phase, jobId: event.jobId, state: 'results' };
  }
}
