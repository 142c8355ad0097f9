/**
 * When a result-file download is tried again, and after how long. The one rule for every result
 * file (bulk-read records, bulk-write results); the record streamer applies it.
 *
 * - `network`: the connection failed (reset, timeout, undici `terminated`, `ConnectionError`) or
 *   Zoho answered 429/5xx. Retried up to `maxRetries` times, a budget that is reset whenever an
 *   attempt delivered new records.
 * - `file`: the body arrived complete but the zip in it is truncated or corrupt. Retried at most
 *   `maxFileRetries` (1) times in all: a server that sent a bad file twice will send it again.
 * - `final`: anything else (not a zip, bad CSV, 4xx, a bug): thrown at once.
 *
 * Delays: a 429 without `Retry-After` means Zoho refuses downloads for the rest of its minute, so
 * the next attempt waits a whole window (and then passes through the client's download limiter
 * again); otherwise the delay of the client's retry policy (`Retry-After`, else backoff).
 */
import { DownloadError, RateLimitError, ZohoApiError } from '../core/errors.js';
import { WINDOW_MS } from '../core/rate-limiter.js';
import { retryDelay } from '../core/retry.js';

export type DownloadFailureKind = 'network' | 'file' | 'final';

export interface DownloadRetryRule {
  /** What kind of failure `error` is; see the module comment. */
  classify(error: unknown): DownloadFailureKind;
  /** Delay before retry number `retry` (1-based, per kind) after `error`, ms. */
  delay(error: unknown, retry: number): number;
  /** Retries of `file` failures, in all. */
  maxFileRetries: number;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_ABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Whether a failed download may be tried again: an error's own boolean `isRetryable` (zoho-bulk
 * errors, `ConnectionError`, `ZohoApiError` for 429/5xx, a truncated or corrupt zip), else network
 * failures: Node/undici socket error codes, `TimeoutError`, fetch's `TypeError('terminated' |
 * 'fetch failed')` — looked up along the `cause` chain.
 */
export function isRetryableDownloadError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as {
      isRetryable?: unknown;
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof e.isRetryable === 'boolean') return e.isRetryable;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'TimeoutError' || e.name === 'SocketError' || e.name === 'ConnectTimeoutError')
      return true;
    if (e.name === 'TypeError' && (e.message === 'terminated' || e.message === 'fetch failed')) return true;
    current = e.cause;
  }
  return false;
}

/** A `DownloadError` raised while reading a body that ended normally: the file itself is bad. */
const isFileFault = (error: unknown): boolean => error instanceof DownloadError && error.isRetryable;

/** The rule every result-file download follows. */
export const downloadRetryRule: DownloadRetryRule = {
  classify(error) {
    if (isFileFault(error)) return 'file';
    return isRetryableDownloadError(error) ? 'network' : 'final';
  },
  delay(error, retry) {
    const refused =
      error instanceof ZohoApiError && (error instanceof RateLimitError || error.status === 429);
    if (refused && error.retryAfterMs === undefined) return WINDOW_MS;
    return retryDelay(error, retry);
  },
  maxFileRetries: 1,
};
