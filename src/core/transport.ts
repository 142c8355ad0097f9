/**
 * The HTTP layer every resource goes through: URL resolution against the configured origins,
 * the access token (only for trusted hosts), per-request timeout, a concurrency cap, the retry
 * policy (`retry.ts`), Zoho's error envelopes (`envelope.ts`), big-integer-safe JSON, and one
 * refresh-and-replay when Zoho rejects the token.
 */
import type { AccessToken, GetTokenOptions, TokenProvider } from '../auth/token-provider.js';
import { apiOrigin, originOf } from './data-centers.js';
import { LazyDispatcher } from './dispatcher.js';
import { type ErrorContext, errorFromBody, readJsonResponse } from './envelope.js';
import { OAuthError, ZohoApiError } from './errors.js';
import { type HttpFetchRequest, httpFetch } from './http-fetch.js';
import type { LogEvent } from './logger.js';
import type { ResolvedOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { doNotRetry, parseRetryAfter, withRetry } from './retry.js';
import { Semaphore } from './semaphore.js';
import { assertTrusted } from './trust.js';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path on the chosen origin ('/crm/bulk/v8/read') or an absolute URL. */
  path: string;
  /** Which configured origin a relative path is resolved against. @default 'api' */
  origin?: 'api' | 'upload' | 'accounts';
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** E.g. FormData for uploads (not with `json`). */
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /**
   * May it be resent when the effect of a failed attempt is unknown (5xx, reset, timeout)?
   * 429 and "connection refused" are always retried. @default true for GET, false otherwise
   */
  idempotent?: boolean;
  /** Label for errors and logs, e.g. 'bulkRead.create'. */
  operation?: string;
  /** Attach the access token. @default true */
  auth?: boolean;
  /** Retries for this request, instead of the client's `maxRetries` (downloads pass 0: the record
   *  streamer retries them itself, through the download limiter). @default options.maxRetries */
  maxRetries?: number;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (integers over 15 digits as strings); `undefined` for an empty body. */
  body: unknown;
}

/** Codes with which Zoho rejects an expired or revoked access token (zoho-api.md 1.7). */
const TOKEN_REJECTED = new Set(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE', 'INVALID_OAUTHTOKEN']);

const isAbsolute = (path: string): boolean => /^[a-z][a-z\d+.-]*:\/\//i.test(path);

type Handler<T> = (response: Response, ctx: ErrorContext) => Promise<T>;

export class Transport {
  readonly options: ResolvedOptions;
  /** Shared by every result download of this client (Zoho allows 10 per minute). */
  readonly downloadLimiter: RateLimiter;
  readonly #tokens: TokenProvider;
  readonly #semaphore: Semaphore;
  readonly #dispatcher = new LazyDispatcher();
  /** Recent access tokens, so that they can be cut out of any excerpt. */
  #secrets: string[] = [];

  constructor(options: ResolvedOptions, tokens: TokenProvider) {
    this.options = options;
    this.#tokens = tokens;
    this.#semaphore = new Semaphore(options.maxConcurrency);
    this.downloadLimiter = new RateLimiter(options.downloadsPerMinute, options.clock);
  }

  /** The API origin in use: `apiDomain` option > token's `api_domain` > data-centre default. */
  async apiOrigin(signal?: AbortSignal): Promise<string> {
    const { apiDomainOverride, defaultApiDomain } = this.options;
    // The token is only asked for when no `apiDomain` was given.
    const tokenApiDomain =
      apiDomainOverride === undefined ? (await this.#token({ signal })).apiDomain : undefined;
    return apiOrigin({ apiOverride: apiDomainOverride, defaultApi: defaultApiDomain }, tokenApiDomain);
  }

  /**
   * JSON request. Big integers in the body arrive as strings; Zoho error envelopes throw
   * `ZohoApiError` (`RateLimitError` for 429); non-JSON bodies throw `ZohoApiError` with code
   * `HTTP_<status>` and a redacted `bodyExcerpt`.
   */
  request(spec: RequestSpec): Promise<JsonResponse> {
    return this.#execute(spec, true, (response, ctx) => readJsonResponse(response, ctx));
  }

  /**
   * For downloads: same auth and retry until the response headers arrive; returns the Response
   * with an unread body (status 2xx). An untrusted URL throws before anything is sent.
   */
  stream(spec: RequestSpec): Promise<Response> {
    return this.#execute(spec, false, async (response, ctx) => {
      if (response.status >= 200 && response.status < 300) return response;
      const text = await response.text();
      throw errorFromBody(response.status, text, ctx);
    });
  }

  /** Closes the keep-alive connections of the default dispatcher. */
  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  async #execute<T>(spec: RequestSpec, json: boolean, handle: Handler<T>): Promise<T> {
    const { signal } = spec;
    signal?.throwIfAborted();
    if (spec.json !== undefined && spec.body !== undefined) {
      throw new TypeError('RequestSpec: give either `json` or `body`, not both');
    }
    const url = await this.#resolveUrl(spec);
    const endpoint = `${spec.method} ${url.pathname}`;
    const auth = spec.auth ?? true;
    if (auth) this.#assertTrusted(url, await this.#token({ signal }), endpoint);
    let replayed = false;

    return withRetry(
      async (attempt) => {
        for (;;) {
          let token: AccessToken | undefined;
          if (auth) token = await this.#token({ signal }).catch(doNotRetry);
          try {
            return await this.#attempt(spec, url, endpoint, attempt, token, json, handle);
          } catch (error) {
            if (token === undefined || replayed || !isTokenRejection(error)) throw error;
            replayed = true;
            if (!(await this.#renewRejected(token, signal).catch(doNotRetry))) throw error;
          }
        }
      },
      {
        retries: spec.maxRetries ?? this.options.maxRetries,
        idempotent: spec.idempotent ?? spec.method === 'GET',
        clock: this.options.clock,
        signal,
        onRetry: ({ attempt, delayMs, reason }) =>
          this.#log({ type: 'retry', method: spec.method, url: logUrl(url), attempt, delayMs, reason }),
      },
    );
  }

  async #attempt<T>(
    spec: RequestSpec,
    url: URL,
    endpoint: string,
    attempt: number,
    token: AccessToken | undefined,
    json: boolean,
    handle: Handler<T>,
  ): Promise<T> {
    const { signal } = spec;
    const { clock } = this.options;
    const release = await this.#semaphore.acquire(signal);
    try {
      this.#log({ type: 'request', method: spec.method, url: logUrl(url), attempt });
      const started = clock.now();
      const request: HttpFetchRequest = {
        url,
        method: spec.method,
        headers: this.#headers(spec, token, json),
        body: spec.json !== undefined ? JSON.stringify(spec.json) : spec.body,
        fetch: this.options.fetch,
        dispatcher: () => this.#dispatcher.get(),
        signal,
        timeout: this.options.timeout,
        endpoint,
        secrets: this.#secrets,
      };
      return await httpFetch(request, (response) => {
        this.#log({
          type: 'response',
          method: spec.method,
          url: logUrl(url),
          status: response.status,
          durationMs: clock.now() - started,
        });
        return handle(response, {
          endpoint,
          operation: spec.operation,
          headers: response.headers,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
          secrets: this.#secrets,
        });
      });
    } finally {
      release();
    }
  }

  #headers(spec: RequestSpec, token: AccessToken | undefined, json: boolean): Headers {
    const headers = new Headers(spec.headers);
    headers.set('user-agent', this.options.userAgent);
    if (json && !headers.has('accept')) headers.set('accept', 'application/json');
    if (spec.json !== undefined) headers.set('content-type', 'application/json');
    if (token !== undefined) headers.set('authorization', `Zoho-oauthtoken ${token.accessToken}`);
    return headers;
  }

  async #resolveUrl(spec: RequestSpec): Promise<URL> {
    let url: URL;
    if (isAbsolute(spec.path)) {
      url = new URL(spec.path);
    } else {
      const origin = spec.origin ?? 'api';
      const base =
        origin === 'api'
          ? await this.apiOrigin(spec.signal)
          : origin === 'upload'
            ? this.options.uploadDomain
            : this.options.accountsDomain;
      url = new URL(`${base}${spec.path.startsWith('/') ? '' : '/'}${spec.path}`);
    }
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  #assertTrusted(url: URL, token: AccessToken, endpoint: string): void {
    const { options } = this;
    const origins = [
      options.apiDomainOverride,
      options.defaultApiDomain,
      options.uploadDomain,
      options.accountsDomain,
    ];
    assertTrusted(
      url,
      { origins: [...origins, originOf(token.apiDomain)], trustedHosts: options.trustedHosts },
      endpoint,
    );
  }

  async #token(options: GetTokenOptions): Promise<AccessToken> {
    const token = await this.#tokens.getToken(options);
    // fetch's own error for a bad header value quotes the whole value: refuse it here, without it.
    if (!/^[\x21-\x7e]+$/.test(token.accessToken)) {
      throw new OAuthError(
        'The access token from the token provider is empty or holds characters an HTTP header cannot carry (a stray newline?)',
        { code: 'INVALID_TOKEN_FORMAT' },
      );
    }
    if (!this.#secrets.includes(token.accessToken)) {
      this.#secrets = [token.accessToken, ...this.#secrets].slice(0, 4);
    }
    return token;
  }

  /** After Zoho rejected `used`: is there a different token to replay with? */
  async #renewRejected(used: AccessToken, signal: AbortSignal | undefined): Promise<boolean> {
    // Another request may have refreshed already; only force a refresh when nobody has.
    const current = await this.#token({ signal });
    if (current.accessToken !== used.accessToken) return true;
    const fresh = await this.#token({ signal, forceRefresh: true });
    return fresh.accessToken !== used.accessToken;
  }

  #log(event: LogEvent): void {
    try {
      this.options.logger?.(event);
    } catch {
      // A failing logger must not fail the request.
    }
  }
}

const isTokenRejection = (error: unknown): boolean =>
  error instanceof ZohoApiError && TOKEN_REJECTED.has(error.code);

/** The URL as logged: origin and path, never the query. */
const logUrl = (url: URL): string => `${url.origin}${url.pathname}`;
