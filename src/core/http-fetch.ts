/**
 * The one way zoho-bulk sends an HTTP request (CRM calls, uploads, downloads, token requests):
 * `fetch` looked up at call time (the caller's, else `globalThis.fetch` with the keep-alive
 * dispatcher), the per-request timeout (`0` or `Infinity`: none), the caller's signal linked to
 * it, and every failure mapped (`network-error.ts`): the caller's abort reason as is, the timeout
 * and network errors as `ConnectionError`. Retries, auth and error envelopes are the callers'.
 */
import type { Dispatcher } from 'undici';
import { ZohoBulkError } from './errors.js';
import { mapFetchFailure } from './network-error.js';
import type { FetchLike } from './options.js';

export interface HttpFetchRequest {
  url: URL;
  method: string;
  headers: Headers | Record<string, string>;
  body?: BodyInit | undefined;
  /** The caller's `fetch`; `undefined` means `globalThis.fetch` (as it is now) with `dispatcher`. */
  fetch: FetchLike | undefined;
  /** The dispatcher for `globalThis.fetch` (never handed to a caller's `fetch`). */
  dispatcher: () => Dispatcher;
  signal?: AbortSignal | undefined;
  /** Until `read` has finished, ms; `0` (or `Infinity`) means no timeout. */
  timeout: number;
  /** For errors, e.g. `POST /crm/bulk/v8/read`. */
  endpoint: string;
  /** Values to cut out of any message built from a network error. */
  secrets: readonly string[];
}

/** Whether `timeout` (ms) arms a timer at all: `0`, `Infinity` and non-numbers mean no timeout. */
const hasTimeout = (timeout: number): boolean => timeout > 0 && Number.isFinite(timeout);

/**
 * Sends the request and hands the response to `read`, all within the timeout. What `read` throws
 * as a zoho-bulk error (an error envelope, an OAuth refusal) passes through; anything else it
 * throws (a body cut off, the timeout firing while reading) is mapped like a fetch failure.
 */
export async function httpFetch<T>(
  req: HttpFetchRequest,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const { signal, timeout } = req;
  signal?.throwIfAborted();
  const timeoutController = new AbortController();
  const timer = hasTimeout(timeout)
    ? setTimeout(() => timeoutController.abort(new Error('timeout')), timeout)
    : undefined;
  timer?.unref?.();
  const failure = {
    endpoint: req.endpoint,
    host: req.url.host,
    signal,
    timeoutSignal: timeoutController.signal,
    timeoutMs: timeout,
    secrets: req.secrets,
  };
  try {
    const init: RequestInit & { dispatcher?: Dispatcher } = {
      method: req.method,
      headers: req.headers,
      signal: signal ? AbortSignal.any([signal, timeoutController.signal]) : timeoutController.signal,
    };
    if (req.body !== undefined) init.body = req.body;
    if (req.fetch === undefined) init.dispatcher = req.dispatcher();
    // Looked up now, not at import: msw and other interceptors patch it later.
    const fetchImpl = req.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(req.url.href, init);
    } catch (error) {
      throw mapFetchFailure(error, failure);
    }
    try {
      return await read(response);
    } catch (error) {
      if (ZohoBulkError.isInstance(error)) throw error;
      throw mapFetchFailure(error, failure);
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
