/**
 * Maps what `fetch` throws to zoho-bulk errors: the caller's abort reason as is, the per-request
 * timeout to `ConnectionError { isTimeout }`, network failures (`TypeError: fetch failed` with a
 * cause code) to `ConnectionError`, with `notSent` only when the connection provably never opened.
 */
import { ConnectionError } from './errors.js';
import { redact } from './redact.js';

/** Codes meaning no byte of the request reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const codeOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/** The most specific error code in an error's cause chain (`ECONNREFUSED`, `UND_ERR_SOCKET` …). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let found: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    found = codeOf(current) ?? found;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) found = codeOf(errors[0]) ?? found;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

const looksLikeNetworkError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (networkErrorCode(error) !== undefined) return true;
  if (!(error instanceof TypeError)) return true;
  return (
    /fetch failed|failed to fetch|network|socket|terminated/i.test(error.message) || error.cause !== undefined
  );
};

export interface FetchFailureContext {
  endpoint: string;
  host: string;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The per-request timeout signal. */
  timeoutSignal: AbortSignal;
  timeoutMs: number;
  secrets: readonly string[];
}

/** What to throw for an error raised by `fetch` or while reading a body. */
export function mapFetchFailure(error: unknown, ctx: FetchFailureContext): unknown {
  if (ctx.signal?.aborted) return ctx.signal.reason;
  if (ctx.timeoutSignal.aborted) {
    return new ConnectionError(`${ctx.endpoint} timed out after ${ctx.timeoutMs} ms`, {
      endpoint: ctx.endpoint,
      isTimeout: true,
    });
  }
  if (!looksLikeNetworkError(error)) return error;
  const code = networkErrorCode(error);
  const detail =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
  // A clean cause: the original may carry whatever a custom fetch put on it.
  const cause = new Error(redact(detail, ctx.secrets));
  if (code !== undefined) Object.assign(cause, { code });
  return new ConnectionError(
    `Could not reach ${ctx.host} (${ctx.endpoint}): ${code ?? redact(detail, ctx.secrets)}`,
    {
      endpoint: ctx.endpoint,
      notSent: code !== undefined && NOT_SENT_CODES.has(code),
      cause,
    },
  );
}
