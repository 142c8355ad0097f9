/**
 * The record stream a resource hands to its user: download → unzip → decode → records, retried
 * and resumed when the download fails part-way.
 *
 * Retry/resume: when opening or reading the body fails in a way the retry rule allows (by default
 * `downloadRetryRule` of `src/download/retry-rule.ts`: connection failures and 429/5xx up to
 * `maxRetries` times, a truncated or corrupt zip once), the file is downloaded again after the
 * rule's delay and the records already yielded are skipped (counted per entry when every entry is
 * read), so every record is delivered exactly once, in order. Other errors (not a zip, malformed
 * CSV, 4xx) are thrown at once.
 *
 * Layers: bytes flow through per-chunk generators (body → unzip); records are produced by a
 * synchronous decoder, a chunk's worth at a time, and handed out one by one by a `RecordStream`
 * (`record-batches.ts`), which also lets the event loop turn while a large page streams; callers
 * that pass records on in batches take the batches back with `recordBatches`.
 */
import { DownloadError, ZohoBulkError } from '../core/errors.js';
import type { Clock } from '../core/options.js';
import { type DownloadRetryRule, downloadRetryRule } from '../download/retry-rule.js';
import { type ByteBody, bodyChunks } from './byte-source.js';
import { type CsvRecord, CsvRecordDecoder, type RecordDecoder } from './csv-records.js';
import { IcsRecordDecoder } from './ics-records.js';
import { RecordStream } from './record-batches.js';
import { unzipEntries } from './unzip.js';

export interface RecordStreamParams {
  /** Job whose result file is read; named in errors. */
  jobId: string;
  /** Format of the file inside the zip. @default 'csv' */
  format?: 'csv' | 'ics' | undefined;
  /** Opens the HTTP body; called again for each retry. Must honour the signal (aborting it cancels the request). */
  open: (signal: AbortSignal) => Promise<{ body: ByteBody }>;
  /** Records already delivered by an earlier run (resume); they are skipped, not yielded. @default 0 */
  skip?: number | undefined;
  /** Aborting stops the stream: it rejects with `signal.reason` and cancels the download. @default none */
  signal?: AbortSignal | undefined;
  /** Retries of a failed download (connection reset, timeout, 5xx, 429) before giving up. Reset whenever a failed attempt delivered new records. A truncated or corrupt zip is retried at most once (not at all with 0). @default 5 */
  maxRetries?: number | undefined;
  /** Backoff sleeps go through `clock.sleep` (tests don't sleep). */
  clock: Clock;
  /** Compressed bytes received, per chunk, for progress (counted again on a retried download). @default none */
  onBytes?: ((n: number) => void) | undefined;
  /** Which failures of `open()` or the body read are retried, how often and after how long. @default downloadRetryRule */
  retryRule?: DownloadRetryRule | undefined;
  /** Called before each retry: the attempt about to start (2 = first retry), its delay and the records already delivered. @default none */
  onRetry?:
    | ((info: { attempt: number; delayMs: number; delivered: number; error: unknown }) => void)
    | undefined;
  /** Called once per download attempt (and entry) with the header row (CSV only). @default none */
  onHeader?: ((columns: readonly string[]) => void) | undefined;
  /** The zip's first entry (a bulk-read or bulk-write result) or every entry in turn (a parent-child job's result, one CSV per module; errors then name the entry). @default 'first' */
  entries?: 'first' | 'all' | undefined;
  /** Called at the start of every entry, on every download attempt, before the entry's records: its name and position in the zip. @default none */
  onEntry?: ((entry: { name: string; index: number }) => void) | undefined;
}

/** Zoho-bulk errors pass through; anything else becomes a `DownloadError` naming the job. */
function finalError(error: unknown, jobId: string, retries: number, retryable: boolean): Error {
  if (ZohoBulkError.isInstance(error)) return error;
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const what = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
  const message = typeof e?.message === 'string' ? `: ${e.message.slice(0, 120)}` : '';
  const tries = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
  return new DownloadError(`Download of the result file of job ${jobId} failed${tries} (${what}${message})`, {
    jobId,
    isRetryable: retryable,
    cause: error,
  });
}

/**
 * Records of one job's result file (zip holding a CSV, or an ICS for Events), downloaded with
 * `open`, retried and resumed on download failures. Stopping early (`break`) aborts the request
 * in flight and releases the body.
 *
 * @throws DownloadError for format errors, or when retries are exhausted for a network failure
 *   (other zoho-bulk errors from `open`, e.g. `ZohoApiError`, are rethrown as they are).
 * @throws `signal.reason` when `signal` aborts.
 */
export function streamRecords(p: RecordStreamParams): AsyncGenerator<CsvRecord, void, undefined> {
  return new RecordStream(recordBatchesOf(p));
}

/** `streamRecords`, a batch (the records one chunk completes) at a time. */
async function* recordBatchesOf(p: RecordStreamParams): AsyncGenerator<CsvRecord[], void, undefined> {
  const { jobId, signal, clock, onBytes } = p;
  const maxRetries = p.maxRetries ?? 5;
  const rule = p.retryRule ?? downloadRetryRule;
  const all = p.entries === 'all';
  let delivered = p.skip ?? 0;
  if (!Number.isSafeInteger(delivered) || delivered < 0) {
    throw new TypeError(`skip must be a non-negative integer, got ${delivered}`);
  }
  /** Records delivered per entry; while entry `entry` is read, its count is `delivered - mark`. */
  const done: number[] = [delivered];
  let entry = 0;
  let mark = 0;
  let retries = 0;
  let fileRetries = 0;
  for (let retry = 0; ; ) {
    signal?.throwIfAborted();
    const before = delivered;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let decoder: RecordDecoder<CsvRecord> | undefined;
    let failure: unknown;
    try {
      const { body } = await p.open(controller.signal);
      const bytes = bodyChunks(body, { signal: controller.signal, onBytes });
      for await (const part of unzipEntries(bytes, { jobId, all })) {
        if (part instanceof Uint8Array) {
          if (decoder === undefined) continue;
          const records = decoder.write(part);
          if (records.length > 0) {
            // Delivered once the consumer asks for more, which is before any later failure.
            delivered += records.length;
            yield records;
          }
          if (signal?.aborted) throw signal.reason;
        } else if (part.type === 'entry') {
          done[entry] = delivered - mark;
          entry = part.index;
          done[entry] ??= 0;
          mark = delivered - done[entry]!;
          if (part.name.endsWith('/')) continue; // a folder
          decoder = newDecoder(p, done[entry]!, all ? part.name : undefined);
          p.onEntry?.(part);
        } else if (decoder !== undefined) {
          const records = decoder.end();
          delivered += records.length;
          if (records.length > 0) yield records;
          decoder.end(); // a held-back CSV error
          decoder = undefined;
        }
      }
      return;
    } catch (error) {
      failure = error;
    } finally {
      done[entry] = delivered - mark;
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
    if (signal?.aborted) throw signal.reason;
    if (delivered > before) retry = 0;
    const kind = rule.classify(failure);
    const exhausted =
      kind === 'file' ? fileRetries >= Math.min(rule.maxFileRetries, maxRetries) : retry >= maxRetries;
    if (kind === 'final' || exhausted) throw finalError(failure, jobId, retries, kind !== 'final');
    const delayMs = rule.delay(failure, kind === 'file' ? ++fileRetries : ++retry);
    retries++;
    p.onRetry?.({ attempt: retries + 1, delayMs, delivered, error: failure });
    await clock.sleep(delayMs, signal);
  }
}

/** The decoder of one entry, skipping the records already delivered; `entry` is named in errors. */
function newDecoder(
  p: RecordStreamParams,
  skip: number,
  entry: string | undefined,
): RecordDecoder<CsvRecord> {
  const { jobId } = p;
  return p.format === 'ics'
    ? new IcsRecordDecoder({ jobId, entry, skip })
    : new CsvRecordDecoder({ jobId, entry, skip, onHeader: p.onHeader });
}
