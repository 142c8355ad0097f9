/**
 * Where a bulk-write job's result file is, for every reader of it (`bulkWrite.results`, the
 * parent-child import's result zip): the URL of a finished job, or the error that says why there
 * is none, with Zoho's per-resource status and code in a failed job's message.
 */
import { type BulkWriteJob, classifyBulkWriteJob } from '../schemas/bulk-write.js';
import { finishedJobUrl } from './result-file.js';

/** `status FAILED; Leads: FAILED INVALID_DATA` — the job's and each resource's status and code. */
export function bulkWriteFailure(job: BulkWriteJob): string {
  const parts = [`status ${job.status}`];
  for (const r of job.resource ?? []) {
    const name = typeof r.module === 'string' ? r.module : r.module?.api_name;
    const bits = [r.status, r.code].filter((x) => typeof x === 'string' && x !== '');
    if (bits.length > 0) parts.push(`${name ?? 'resource'}: ${[...new Set(bits)].join(' ')}`);
  }
  return parts.join('; ');
}

/** The result file's URL of a finished bulk-write job; throws for a failed or unfinished one. */
export function bulkWriteResultUrl(job: BulkWriteJob, endpoint: string): string {
  return finishedJobUrl(
    {
      job,
      jobId: job.id,
      state: job.status,
      outcome: classifyBulkWriteJob(job),
      downloadUrl: job.result?.download_url,
      failureReason: () => bulkWriteFailure(job),
    },
    endpoint,
    'bulkWrite.waitFor',
  );
}
