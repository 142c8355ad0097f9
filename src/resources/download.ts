/**
 * Opens a result file (bulk read or bulk write) for the record streamer: waits for the client's
 * download limiter (Zoho allows 10 downloads a minute), then GETs the URL through the transport,
 * which attaches the token only to trusted hosts and refuses any other host before sending.
 * A relative `download_url` is resolved against the API origin.
 */
import type { BulkClient } from '../client.js';

export interface OpenDownloadParams {
  /** `download_url` as Zoho returned it: a path on the API origin, or an absolute URL. */
  url: string;
  /** Named in errors and logs. */
  jobId: string;
  /** e.g. 'bulkRead.records'. */
  operation: string;
}

/** Returns an `open(signal)` suitable for `streamRecords`; every call is one counted download. */
export function downloadOpener(client: BulkClient, params: OpenDownloadParams) {
  return async (signal: AbortSignal) => {
    await client.transport.downloadLimiter.acquire(signal);
    const response = await client.transport.stream({
      method: 'GET',
      path: params.url,
      signal,
      // Retried by the record streamer, which goes through the download limiter again each time.
      maxRetries: 0,
      operation: `${params.operation} (job ${params.jobId})`,
      headers: { Accept: 'application/zip, application/x-download, application/octet-stream, */*' },
    });
    if (!response.body) throw new TypeError(`Empty download body for job ${params.jobId}`);
    return { body: response.body };
  };
}

/** Reports a record-stream retry of this file to the client's `logger` as a `download` event. */
export function downloadRetryLogger(client: BulkClient, params: Pick<OpenDownloadParams, 'url' | 'jobId'>) {
  const url = params.url.split('?')[0] ?? params.url;
  return (info: { attempt: number; delivered: number }) => {
    try {
      client.options.logger?.({
        type: 'download',
        url,
        jobId: params.jobId,
        attempt: info.attempt,
        resumeAfterRow: info.delivered,
      });
    } catch {
      // A failing logger must not fail the download.
    }
  };
}
