/**
 * One POST to Zoho Accounts' token endpoint (`{accounts}/oauth/v2/token`, form-urlencoded) and
 * the reading of its answer (zoho-api.md 1.2–1.3): errors arrive with HTTP 200 and an `error`
 * key; `expires_in` is seconds, except in the old shape where `expires_in_sec` holds the seconds
 * and `expires_in` milliseconds. Nothing secret ends up on an error.
 */
import type { Dispatcher } from 'undici';
import { trimOrigin } from '../core/data-centers.js';
import { httpError } from '../core/envelope.js';
import { OAuthError, ZohoApiError } from '../core/errors.js';
import { type HttpFetchRequest, httpFetch } from '../core/http-fetch.js';
import { parseJson } from '../core/json.js';
import type { Clock, FetchLike } from '../core/options.js';
import { excerpt, redact } from '../core/redact.js';
import { withRetry } from '../core/retry.js';

export interface TokenEndpointRequest {
  accountsDomain: string;
  /** Form fields. */
  params: Record<string, string>;
  /** Values to cut out of anything that could reach an error (client secret, refresh token, grant code). */
  secrets: readonly string[];
  /** Called before every attempt, retries included (the refresh budget counts each one). */
  onAttempt?: () => void;
  fetch: FetchLike | undefined;
  dispatcher: () => Dispatcher;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Retries of 429, connection refused (and 5xx when `idempotent`). */
  retries: number;
  idempotent: boolean;
  /** Timeout of one attempt, ms; `0` means none. */
  timeout: number;
}

export interface TokenEndpointResult {
  accessToken: string;
  apiDomain: string | undefined;
  refreshToken: string | undefined;
  /** Lifetime in seconds. */
  expiresIn: number;
}

const HINTS: Record<string, string> = {
  invalid_client:
    'the client id is unknown to this accounts server — a Zoho client belongs to one data centre: check `dataCenter`/`accountsDomain`',
  invalid_code: 'the grant code or refresh token is wrong, expired, already used or revoked',
  'Access Denied':
    'Zoho throttles token creation (10 per refresh token per 10 minutes): reuse cached tokens and wait for the window to pass',
  access_denied: 'too many grant tokens were created for this client in 10 minutes',
};

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Lifetime in seconds from either response shape; 3600 when Zoho sent none. */
export function expiresInSeconds(body: Record<string, unknown>): number {
  const sec = num(body.expires_in_sec);
  if (sec !== undefined) return sec;
  return num(body.expires_in) ?? 3600;
}

export function oauthErrorFrom(
  body: Record<string, unknown>,
  status: number,
  secrets: readonly string[],
): OAuthError {
  const code = str(body.error) ?? 'invalid_response';
  const description = str(body.error_description);
  const safeDescription = description === undefined ? undefined : redact(description, secrets);
  const hint = HINTS[code];
  const message =
    `Zoho Accounts refused the token request: ${code}` +
    (safeDescription ? ` (${safeDescription})` : '') +
    (hint ? ` — ${hint}` : '');
  const init: ConstructorParameters<typeof OAuthError>[1] = { code, status };
  if (safeDescription !== undefined) init.description = safeDescription;
  return new OAuthError(message, init);
}

export async function callTokenEndpoint(req: TokenEndpointRequest): Promise<TokenEndpointResult> {
  const url = new URL(`${trimOrigin(req.accountsDomain)}/oauth/v2/token`);
  const endpoint = 'POST /oauth/v2/token';
  const secrets = req.secrets.filter((s) => s.length >= 4);
  return withRetry(
    () => {
      req.onAttempt?.();
      const request: HttpFetchRequest = {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(req.params).toString(),
        fetch: req.fetch,
        dispatcher: req.dispatcher,
        signal: req.signal,
        timeout: req.timeout,
        endpoint,
        secrets,
      };
      return httpFetch(request, async (response) =>
        readTokenResponse(await response.text(), response.status, response.headers, {
          endpoint,
          secrets,
          now: req.clock.now(),
        }),
      );
    },
    { retries: req.retries, idempotent: req.idempotent, clock: req.clock, signal: req.signal },
  );
}

function readTokenResponse(
  text: string,
  status: number,
  headers: Headers,
  ctx: { endpoint: string; secrets: readonly string[]; now: number },
): TokenEndpointResult {
  let body: unknown;
  try {
    body = parseJson(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    if (status >= 400) throw httpError(status, text, { ...ctx, headers });
    throw new OAuthError(
      `Zoho Accounts answered HTTP ${status} with a body that is not JSON: ${excerpt(text, ctx.secrets, 120)}`,
      {
        code: 'invalid_response',
        status,
      },
    );
  }
  const record = body as Record<string, unknown>;
  const accessToken = str(record.access_token);
  if (record.error !== undefined || accessToken === undefined) {
    if (record.error === undefined && status >= 500)
      throw new ZohoApiError(`Zoho Accounts failed: HTTP ${status}`, {
        status,
        code: `HTTP_${status}`,
        endpoint: ctx.endpoint,
      });
    throw oauthErrorFrom(record, status, ctx.secrets);
  }
  return {
    accessToken,
    apiDomain: str(record.api_domain),
    refreshToken: str(record.refresh_token),
    expiresIn: expiresInSeconds(record),
  };
}
