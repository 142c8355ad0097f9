/**
 * A bulk-write job as `GET /crm/bulk/{v}/write/{id}` shows it (zoho-api.md §3.3): top-level
 * status, one `resource[]` entry per module (the parent, then a parent-child job's children) echoing what was sent (`file_id`, `file_names`, `ignore_empty`,
 * `find_by`, `field_mappings`) with its file counts, and the result URL once completed. State
 * spellings follow the options `bulkWriteRunningState` and `bulkWriteSkippedState`.
 */
import type { FakeContext } from '../context.js';
import { formatDateTime } from '../data/gen.js';
import { currentUser } from '../data/samples.js';
import type { JobPhase } from '../jobs.js';
import type { BulkWriteJob } from './job.js';

function statusName(phase: JobPhase, job: BulkWriteJob, ctx: FakeContext): string {
  if (phase === 'added') return 'ADDED';
  if (phase !== 'done') return ctx.options.bulkWriteRunningState;
  if (job.failure) return 'FAILED';
  const o = job.outcome;
  const allSkipped = o !== undefined && o.skipped > 0 && o.added + o.updated === 0;
  return allSkipped ? ctx.options.bulkWriteSkippedState : 'COMPLETED';
}

/** A resource's `file` entry: its CSV and what was done with its rows. */
function fileJson(status: string, resource: Pick<BulkWriteJob, 'fileName' | 'outcome' | 'csv'>) {
  const o = resource.outcome;
  return {
    status,
    name: resource.fileName,
    added_count: o?.added ?? 0,
    skipped_count: o?.skipped ?? 0,
    updated_count: o?.updated ?? 0,
    total_count: resource.csv.rows.length,
  };
}

/** The job's JSON (`outcome` must be set when done and not failed). */
export function jobJson(job: BulkWriteJob, phase: JobPhase, ctx: FakeContext): Record<string, unknown> {
  const status = statusName(phase, job, ctx);
  const user = currentUser(ctx.store.users);
  const def = ctx.store.module(job.module);
  const out: Record<string, unknown> = {
    status,
    character_encoding: job.characterEncoding,
    operation: job.operation,
    ignore_empty: job.topIgnoreEmpty,
    id: job.id,
    created_by: { id: user.id, name: user.full_name },
    created_time: formatDateTime(job.createdAt, user.zone),
    resource: [
      {
        status,
        code: job.failure ? job.failure.code : status,
        message: job.failure?.message,
        type: 'data',
        module: job.versionNumber < 2.1 ? job.module : { id: def?.moduleId ?? null, api_name: job.module },
        file_id: job.fileId,
        file_names: job.fileNames ?? [job.fileName],
        ignore_empty: job.ignoreEmpty,
        find_by: job.findBy ?? null,
        field_mappings: job.mappings.map((m) => m.echo),
        file: fileJson(status, job),
      },
      ...job.children.map((child) => ({
        status,
        code: job.failure ? job.failure.code : status,
        type: 'data',
        module: { id: ctx.store.module(child.module)?.moduleId ?? null, api_name: child.module },
        file_id: job.fileId,
        file_names: child.fileNames,
        ignore_empty: job.ignoreEmpty,
        find_by: null,
        field_mappings: child.mappings.map((m) => m.echo),
        file: fileJson(status, child),
      })),
    ],
  };
  if (job.callback !== undefined) out.callback = job.callback;
  if (phase === 'done' && !job.failure) {
    out.result = {
      download_url: `${ctx.origins.download}/${job.version}/crm/${ctx.options.org.zgid}/bulk-write/${job.id}/${job.id}.zip`,
    };
  }
  return out;
}
