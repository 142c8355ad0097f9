/**
 * A parent-child job's result file, whole: Zoho does not document its layout
 * (zoho-api-metadata-sync.md §4.2), so every CSV of the zip is read, each as rows keyed by its
 * header. The zip is small (a job holds at most `maxChildRows` child rows per module), so it is
 * read in memory; the download goes through the client's limiter and trusted-host transport.
 */
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { ClientContext } from '../core/client-context.js';
import { DownloadError } from '../core/errors.js';
import { bulkWriteResultUrl } from '../download/bulk-write-result.js';
import type { BulkWriteJob } from '../schemas/bulk-write.js';

export interface ResultCsv {
  name: string;
  rows: Record<string, string>[];
}

/** Downloads a finished job's result zip and parses every CSV in it. */
export async function readResultZip(
  client: ClientContext,
  job: BulkWriteJob,
  signal: AbortSignal,
): Promise<ResultCsv[]> {
  const url = bulkWriteResultUrl(job, 'bulkWrite.import');
  await client.transport.downloadLimiter.acquire(signal);
  const response = await client.transport.stream({
    method: 'GET',
    path: url,
    signal,
    operation: `bulkWrite.import (job ${job.id})`,
    headers: { Accept: 'application/zip, application/octet-stream, */*' },
  });
  const bytes = new Uint8Array(await new Response(response.body).arrayBuffer());
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new DownloadError(`Result file of job ${job.id} is not a zip archive`, {
      jobId: job.id,
      isRetryable: false,
      cause: error,
    });
  }
  return Object.entries(entries)
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, data]) => ({
      name,
      rows: parse(Buffer.from(data), { columns: true, bom: true, relax_column_count: true }) as Record<
        string,
        string
      >[],
    }));
}
