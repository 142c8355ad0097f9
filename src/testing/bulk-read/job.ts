/** A bulk-read job of the fake: its state, its page (computed when it completes), its JSON. */
import { createHash } from 'node:crypto';
import type { FakeContext } from '../context.js';
import { formatDateTime } from '../data/gen.js';
import type { FakeJob, JobPhase } from '../jobs.js';
import { Pager, type PageSpan } from './pager.js';
import type { BulkReadQuery } from './query.js';

export interface BulkReadJob extends FakeJob {
  /** Path segment, e.g. 'v8'. */
  version: string;
  versionNumber: number;
  query: BulkReadQuery;
  page: number;
  /** The `page_token` the job was created with (echoed in its query instead of `page`). */
  pageToken: string | undefined;
  /** Scan position to start from (page-token jobs); page-number jobs compute it. */
  start: number | undefined;
  /** The page, once the job has completed. */
  span: PageSpan | undefined;
  nextPageToken: string | undefined;
}

export interface PageToken {
  query: BulkReadQuery;
  page: number;
  start: number;
  createdAt: number;
}

export const PAGE_TOKEN_LIFETIME = 86_400_000;

export const pageTokens = (ctx: FakeContext): Map<string, PageToken> =>
  ctx.state('bulkRead.pageTokens', () => new Map<string, PageToken>());
const pager = (ctx: FakeContext): Pager => ctx.state('bulkRead.pager', () => new Pager(ctx.store));

export function pageSizeOf(job: BulkReadJob, ctx: FakeContext): number {
  return job.query.fileType === 'ics' ? ctx.options.icsPageSize : ctx.options.pageSize;
}

/** Computes the job's page (and next page token) the first time it is seen completed. */
export function settle(job: BulkReadJob, ctx: FakeContext): PageSpan {
  if (job.span) return job.span;
  const size = pageSizeOf(job, ctx);
  const query = { module: job.query.module, predicate: job.query.predicate, key: job.query.criteriaKey };
  const span =
    job.start === undefined
      ? pager(ctx).page(query, job.page, size)
      : pager(ctx).pageFrom(query, job.start, size);
  job.span = span;
  if (span.more && job.versionNumber >= 7) {
    const token = createHash('sha256').update(`${ctx.options.seed}:${job.id}`).digest('hex');
    pageTokens(ctx).set(token, {
      query: job.query,
      page: job.page + 1,
      start: span.end,
      createdAt: ctx.now(),
    });
    job.nextPageToken = token;
  }
  return span;
}

function stateName(phase: JobPhase, job: BulkReadJob, ctx: FakeContext): string {
  if (phase === 'done') return job.failure ? ctx.options.failureState : 'COMPLETED';
  if (phase === 'added') return 'ADDED';
  if (phase === 'queued') return job.versionNumber < 2.1 ? 'ADDED' : 'QUEUED';
  return 'IN PROGRESS';
}

export function createdBy(ctx: FakeContext): { id: string; name: string } {
  const user = ctx.store.users[0]!;
  return { id: user.id, name: user.full_name };
}

export function createdTime(job: FakeJob, ctx: FakeContext): string {
  return formatDateTime(job.createdAt, ctx.store.users[0]!.zone);
}

/** The job as `GET /crm/bulk/{v}/read/{id}` shows it. */
export function jobJson(job: BulkReadJob, phase: JobPhase, ctx: FakeContext): Record<string, unknown> {
  const def = ctx.store.module(job.query.module);
  const query: Record<string, unknown> = {
    module:
      job.versionNumber < 2.1 ? job.query.module : { id: def?.moduleId ?? null, api_name: job.query.module },
  };
  if (job.pageToken === undefined) query.page = job.page;
  else query.page_token = job.pageToken;
  if (job.query.fields !== undefined) query.fields = job.query.fields;
  if (job.query.criteriaEcho !== undefined) query.criteria = job.query.criteriaEcho;
  if (job.query.cvid !== undefined) query.cvid = job.query.cvid;
  const out: Record<string, unknown> = {
    id: job.id,
    operation: 'read',
    state: stateName(phase, job, ctx),
    query,
    created_by: createdBy(ctx),
    created_time: createdTime(job, ctx),
    file_type: job.query.fileType,
  };
  if (phase !== 'done') return out;
  if (job.failure) {
    out.result = {
      error_message: { status: 'error', code: job.failure.code, message: job.failure.message, details: {} },
    };
    return out;
  }
  const span = settle(job, ctx);
  const result: Record<string, unknown> = {
    page: job.page,
    per_page: pageSizeOf(job, ctx),
    count: span.count,
    download_url: `/crm/bulk/${job.version}/read/${job.id}/result`,
    more_records: span.more,
  };
  if (job.nextPageToken !== undefined) result.next_page_token = job.nextPageToken;
  out.result = result;
  return out;
}
