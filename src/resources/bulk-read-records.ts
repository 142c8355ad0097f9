/**
 * `bulkRead.records(jobOrId)`: the records of one finished job, read through the one result-file
 * reader (`src/download/result-file.ts`), which retries a failed download and resumes after the
 * last record yielded; each record is parsed with the caller's schema when one is given. Records
 * pass a batch at a time (`src/streaming/record-batches.ts`): the export takes the batches.
 */
import type { ClientContext } from '../core/client-context.js';
import { invalidRequest, parseRequest } from '../core/validate.js';
import { finishedJobUrl, readResultFile } from '../download/result-file.js';
import { type BulkReadJob, bulkReadJobSchema, classifyBulkReadJob } from '../schemas/bulk-read.js';
import { parseRecord } from '../schemas/coerce.js';
import { checkJobId } from '../schemas/ids.js';
import { RecordStream, recordBatches } from '../streaming/record-batches.js';
import type { BulkReadRecordsOptions } from './bulk-read-options.js';
import type { RequestOptions } from './request-options.js';

const ENDPOINT = 'bulkRead.records';

export interface RecordsContext {
  client: ClientContext;
  get: (jobId: string, options: RequestOptions) => Promise<BulkReadJob>;
}

/** Why a failed job failed, from `result.error_message`. */
export function failureReason(job: BulkReadJob): string {
  const error = job.result?.error_message;
  if (!error) return job.state;
  return [error.code, error.message].filter((s) => typeof s === 'string' && s !== '').join(' ') || job.state;
}

function checkSkip(skip: number): number {
  if (Number.isSafeInteger(skip) && skip >= 0) return skip;
  const message = `Invalid input for ${ENDPOINT}: skip must be a non-negative integer, got ${skip}`;
  throw invalidRequest({
    endpoint: ENDPOINT,
    path: ['skip'],
    code: 'invalid_type',
    message,
    headline: message,
    value: skip,
  });
}

/** The records of one COMPLETED job (an id is read first; a job object is checked first). */
export function readRecords(
  ctx: RecordsContext,
  jobOrId: BulkReadJob | string,
  options: BulkReadRecordsOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  return new RecordStream(recordBatchesOfJob(ctx, jobOrId, options));
}

async function* recordBatchesOfJob(
  ctx: RecordsContext,
  jobOrId: BulkReadJob | string,
  options: BulkReadRecordsOptions,
): AsyncGenerator<unknown[], void, undefined> {
  const { signal, schema, onRecord } = options;
  signal?.throwIfAborted();
  let row = checkSkip(options.skip ?? 0);
  const job =
    typeof jobOrId === 'string'
      ? await ctx.get(checkJobId(jobOrId, ENDPOINT), { signal })
      : parseRequest(bulkReadJobSchema, jobOrId, ENDPOINT);
  const url = finishedJobUrl(
    {
      job,
      jobId: job.id,
      state: job.state,
      outcome: classifyBulkReadJob(job),
      downloadUrl: job.result?.download_url,
      failureReason: () => failureReason(job),
    },
    ENDPOINT,
    'bulkRead.waitFor',
  );
  const records = readResultFile(ctx.client, {
    url,
    jobId: job.id,
    operation: ENDPOINT,
    format: job.file_type === 'ics' ? 'ics' : 'csv',
    skip: row,
    signal,
    maxRetries: options.maxRetries,
    onBytes: options.onBytes,
  });
  for await (const batch of recordBatches(records)) {
    if (schema === undefined && onRecord === undefined) {
      row += batch.length;
      yield batch;
      continue;
    }
    const parsed: unknown[] = [];
    let failure: { error: unknown } | undefined;
    for (const record of batch) {
      row++;
      try {
        parsed.push(
          schema === undefined ? record : parseRecord(schema, record, { rowNumber: row, jobId: job.id }),
        );
      } catch (error) {
        failure = { error };
        break;
      }
      if (onRecord) {
        // Called just before the record is handed out: one record per batch.
        onRecord(row);
        yield parsed.splice(0);
      }
    }
    // The records before a failing one still reach the consumer first.
    if (parsed.length > 0) yield parsed;
    if (failure) throw failure.error;
  }
}
