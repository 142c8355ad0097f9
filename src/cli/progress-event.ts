/**
 * Reads what the progress bar shows out of the library's progress events and job objects without
 * depending on their exact shapes: page, job state, totals and a job id, wherever they sit.
 */

export interface ProgressFacts {
  page?: number;
  state?: string;
  /** Records expected in all, when known. */
  total?: number;
  /** Records done according to the event (the CLI also counts its own). */
  done?: number;
  jobId?: string;
  /** A label of what is happening (`uploading`, `waiting`, `downloading`…). */
  phase?: string;
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

export function readProgressEvent(event: unknown): ProgressFacts {
  if (!isObject(event)) return {};
  const job = isObject(event.job) ? event.job : undefined;
  const result = isObject(job?.result) ? job.result : isObject(event.result) ? event.result : undefined;
  const facts: ProgressFacts = {};
  const page = first(num, event.page, result?.page, isObject(job?.query) ? job.query.page : undefined);
  if (page !== undefined) facts.page = page;
  const state = first(str, event.state, event.status, event.Status, job?.state, job?.status);
  if (state !== undefined) facts.state = state;
  const total = first(num, event.total, event.totalRecords, event.Total_Count, event.expectedRecords);
  if (total !== undefined) facts.total = total;
  const done = first(num, event.records, event.recordsRead, event.rows, event.Updated_Count);
  if (done !== undefined) facts.done = done;
  const jobId = first(str, event.jobId, event.job_id, job?.id, event.id);
  if (jobId !== undefined) facts.jobId = jobId;
  const phase = first(str, event.phase, event.stage);
  if (phase !== undefined) facts.phase = phase;
  return facts;
}
