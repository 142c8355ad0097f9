/**
 * Recognises Zoho's error envelopes in a response and turns them (and bodies that are not JSON)
 * into `ZohoApiError` / `RateLimitError` (zoho-api.md 5.1, 3.1):
 * - top level `{ status: 'error', code, message, details }`, on any HTTP status, 200 included;
 * - the upload host's `{ ERROR_CODE, ERROR_MESSAGE, x-error, x-info, info, http_status }`;
 * - `{ data: [...] }` where every item is an error and the HTTP status is >= 400 (a 200/207 with
 *   mixed items is a partial success and is returned as is).
 */
import { RateLimitError, ZohoApiError, type ZohoApiErrorInit } from './errors.js';
import { parseJson } from './json.js';
import { excerpt, redact, redactDeep } from './redact.js';

export interface Envelope {
  code: string;
  message: string | undefined;
  details: Record<string, unknown>;
  /** Status to judge retryability by (the upload host may report its own `http_status`). */
  status: number;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function canonical(body: Record<string, unknown>, status: number): Envelope {
  return {
    code: str(body.code) ?? `HTTP_${status}`,
    message: str(body.message),
    details: isObject(body.details) ? body.details : {},
    status,
  };
}

/** The error envelope in `body`, if there is one. */
export function findEnvelope(body: unknown, status: number): Envelope | undefined {
  if (!isObject(body)) return undefined;
  if (body.status === 'error') return canonical(body, status);
  if ('ERROR_CODE' in body || 'x-error' in body || 'ERROR_MESSAGE' in body) {
    const own = typeof body.http_status === 'number' ? body.http_status : Number(body.http_status);
    const { ERROR_CODE, ...rest } = body;
    return {
      code: ERROR_CODE === undefined || ERROR_CODE === null ? `HTTP_${status}` : String(ERROR_CODE),
      message: str(body['x-error']) ?? str(body.ERROR_MESSAGE) ?? str(body['x-info']) ?? str(body.info),
      details: rest,
      status: Number.isInteger(own) && own >= 400 ? own : status,
    };
  }
  const data = body.data;
  if (status >= 400 && Array.isArray(data) && data.length > 0) {
    if (data.every((item) => isObject(item) && item.status === 'error')) {
      const first = canonical(data[0] as Record<string, unknown>, status);
      if (data.length > 1)
        first.message = `${first.message ?? first.code} (and ${data.length - 1} more item errors)`;
      return first;
    }
  }
  return undefined;
}

export interface ErrorContext {
  /** `METHOD /path`, no host or query. */
  endpoint: string;
  operation?: string | undefined;
  headers: Headers;
  retryAfterMs?: number | undefined;
  secrets: readonly string[];
}

const label = (ctx: ErrorContext): string =>
  ctx.operation === undefined ? ctx.endpoint : `${ctx.operation} (${ctx.endpoint})`;

function build(message: string, init: ZohoApiErrorInit): ZohoApiError {
  return init.status === 429 || init.code === 'TOO_MANY_REQUESTS'
    ? new RateLimitError(message, init)
    : new ZohoApiError(message, init);
}

/** The error for a Zoho envelope. */
export function envelopeError(envelope: Envelope, httpStatus: number, ctx: ErrorContext): ZohoApiError {
  const text = envelope.message === undefined ? '' : ` ${redact(envelope.message, ctx.secrets)}`;
  const init: ZohoApiErrorInit = {
    status: httpStatus,
    code: envelope.code,
    details: redactDeep(envelope.details, ctx.secrets) as Record<string, unknown>,
    endpoint: ctx.endpoint,
    isRetryable: envelope.status === 429 || envelope.status >= 500 || envelope.code === 'TOO_MANY_REQUESTS',
  };
  if (ctx.retryAfterMs !== undefined) init.retryAfterMs = ctx.retryAfterMs;
  return build(`${label(ctx)} failed: ${envelope.code}${text} (HTTP ${httpStatus})`, init);
}

/** The error for a response that is not Zoho's envelope: an HTML 502, an empty 500, plain text. */
export function httpError(status: number, text: string, ctx: ErrorContext): ZohoApiError {
  const code = `HTTP_${status}`;
  const init: ZohoApiErrorInit = { status, code, endpoint: ctx.endpoint };
  const body = text.trim();
  if (body !== '') init.bodyExcerpt = excerpt(body, ctx.secrets, 200);
  if (ctx.retryAfterMs !== undefined) init.retryAfterMs = ctx.retryAfterMs;
  const what = body === '' ? 'an empty body' : 'a body that is not Zoho JSON';
  return build(`${label(ctx)} failed: HTTP ${status} with ${what}`, init);
}

/** Reads a JSON response: body `undefined` when empty; throws for envelopes, non-JSON and HTTP >= 400. */
export async function readJsonResponse(
  response: Response,
  ctx: ErrorContext,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const text = response.status === 204 ? '' : await response.text();
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = parseJson(text);
    } catch {
      throw httpError(response.status, text, ctx);
    }
  }
  const envelope = findEnvelope(body, response.status);
  if (envelope) throw envelopeError(envelope, response.status, ctx);
  if (response.status >= 400) throw httpError(response.status, text, ctx);
  return { status: response.status, headers: response.headers, body };
}

/** The error for an unsuccessful response whose body has been read as `text`. */
export function errorFromBody(status: number, text: string, ctx: ErrorContext): ZohoApiError {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : parseJson(text);
  } catch {
    return httpError(status, text, ctx);
  }
  const envelope = findEnvelope(body, status);
  return envelope ? envelopeError(envelope, status, ctx) : httpError(status, text, ctx);
}
