/**
 * A parent-child job's result file, whole: Zoho does not document its layout
 * (zoho-api-metadata-sync.md §4.2), so every CSV of the zip is read, each as rows keyed by its
 * header. It is read through the one result-file reader (`src/download/result-file.ts`): the
 * download limiter, trusted hosts, the retry rule (a cut download resumes, every row once) and
 * errors that name the job and the entry. The rows are kept (a job holds at most `maxRowsPerFile`
 * parents and `maxChildRowsPerFile` child rows per module) so they can be joined by position.
 */
import type { ClientContext } from '../core/client-context.js';
import { bulkWriteResultUrl } from '../download/bulk-write-result.js';
import { readResultFile } from '../download/result-file.js';
import type { BulkWriteJob } from '../schemas/bulk-write.js';
import type { CsvRecord } from '../streaming/csv-records.js';

export interface ResultCsv {
  name: string;
  rows: CsvRecord[];
}

/** Downloads a finished job's result zip and reads every CSV in it, in the zip's order. */
export function readResultZip(
  client: ClientContext,
  job: BulkWriteJob,
  opts: { signal: AbortSignal; maxRetries?: number | undefined },
): Promise<ResultCsv[]> {
  const operation = 'bulkWrite.import';
  return gatherEntries((onEntry) =>
    readResultFile(client, {
      url: bulkWriteResultUrl(job, operation),
      jobId: job.id,
      operation,
      signal: opts.signal,
      maxRetries: opts.maxRetries,
      entries: 'all',
      onEntry,
    }),
  );
}

/**
 * The rows of every entry of a record stream read with `entries: 'all'`, per entry: `onEntry`
 * (called again for each entry of a retried download) says which entry the records that follow
 * belong to.
 */
export async function gatherEntries(
  read: (onEntry: (entry: { name: string; index: number }) => void) => AsyncIterable<CsvRecord>,
): Promise<ResultCsv[]> {
  const files = new Map<number, ResultCsv>();
  let current: ResultCsv | undefined;
  const rows = read(({ name, index }) => {
    current = files.get(index) ?? { name, rows: [] };
    files.set(index, current);
  });
  for await (const row of rows) current!.rows.push(row);
  return [...files.values()];
}
