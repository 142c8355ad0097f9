/**
 * THE retry policy of zoho-bulk, in one place.
 *
 * - Retried: `RateLimitError`/HTTP 429 (always), connection errors and HTTP 5xx (only when the
 *   request is idempotent, or when the connection provably never opened: refused, DNS).
 * - Never retried: validation, OAuth, other 4xx, anything marked with `doNotRetry`.
 * - Delay: the server's `Retry-After` when present, otherwise exponential backoff with jitter
 *   (1 s, 2 s, 4 s … capped at 60 s, each between half and all of that).
 * - Sleeps go through the injected `Clock`; an abort rejects at once with `signal.reason`.
 */
import pRetry, { AbortError } from 'p-retry';
import { ConnectionError, ZohoApiError } from './errors.js';
import type { Clock } from './options.js';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

export interface RetryInfo {
  error: unknown;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** May a request whose effect is unknown (5xx, reset, timeout) be sent again? */
  idempotent: boolean;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Called before each retry sleep (for logging). */
  onRetry?: (info: RetryInfo) => void;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
}

/** Whether `error` may be retried under this policy. */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof ConnectionError) return error.notSent || idempotent;
  if (error instanceof ZohoApiError) {
    if (error.status === 429 || error.code === 'TOO_MANY_REQUESTS') return true;
    return idempotent && error.isRetryable;
  }
  return false;
}

/** A short label for logs: `HTTP 429`, `ECONNREFUSED`, `timeout`. */
export function retryReason(error: unknown): string {
  if (error instanceof ConnectionError) {
    if (error.isTimeout) return 'timeout';
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : 'connection error';
  }
  if (error instanceof ZohoApiError) return `HTTP ${error.status} ${error.code}`;
  return 'error';
}

/** Delay before retry number `retry` (1-based): `Retry-After` when known, else backoff with jitter. */
export function retryDelay(error: unknown, retry: number, random: () => number = Math.random): number {
  if (error instanceof ZohoApiError && error.retryAfterMs !== undefined)
    return Math.max(0, error.retryAfterMs);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date (relative to `now`).
 * Returns ms, or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Throw the result inside a `withRetry` attempt to fail at once, whatever the policy says. */
export function doNotRetry(error: unknown): never {
  if (error instanceof Error) throw new AbortError(error);
  throw error;
}

/** Runs `attempt` until it succeeds, the policy refuses, retries run out or the signal aborts. */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { signal, clock } = options;
  const random = options.random ?? Math.random;
  signal?.throwIfAborted();
  try {
    return await pRetry(attempt, {
      retries: Math.max(0, options.retries),
      // p-retry's own timers are not used: the delay is slept on the injected clock below.
      minTimeout: 0,
      maxTimeout: 0,
      signal,
      // Called only while retries remain. Deciding and sleeping here keeps the clock injectable.
      shouldRetry: async ({ error, attemptNumber, retriesConsumed }) => {
        if (signal?.aborted) return false;
        if (!isRetryable(error, options.idempotent)) return false;
        const delayMs = retryDelay(error, retriesConsumed + 1, random);
        options.onRetry?.({ error, attempt: attemptNumber, delayMs, reason: retryReason(error) });
        await clock.sleep(delayMs, signal);
        return true;
      },
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
