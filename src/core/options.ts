/**
 * BulkClient options: the public shape (every option documented once, with its default) and
 * `resolveOptions()`, which produces the fully-set internal shape the rest of the library reads.
 */
import type { TokenProvider, TokenStore } from '../auth/token-provider.js';
import { type DataCenter, resolveOrigins } from './data-centers.js';
import type { Logger } from './logger.js';

/** A `fetch`-compatible function. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Credentials for the refresh-token grant (a Zoho self-client or server-based client). */
export interface RefreshTokenCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export type ApiVersion = 'v2' | 'v2.1' | 'v3' | 'v4' | 'v5' | 'v6' | 'v7' | 'v8';

export interface PollOptions {
  /** First wait between two polls, ms. @default 5000 */
  interval?: number;
  /** Longest wait between two polls after backoff, ms. @default 60000 */
  maxInterval?: number;
  /** Give up (`PollTimeoutError`) after this long, ms; `0` waits forever. @default 3600000 (1 h) */
  timeout?: number;
}

export interface BulkClientOptions {
  /**
   * How to authenticate: an access token string, a `TokenProvider`, or refresh-token credentials
   * (which become a `RefreshTokenProvider` for `dataCenter`/`accountsDomain`).
   */
  auth: string | TokenProvider | RefreshTokenCredentials;
  /** Zoho data centre of the org. @default 'us' */
  dataCenter?: DataCenter;
  /** Origin for CRM API calls, e.g. `https://www.zohoapis.eu`. Beats `dataCenter` and the token's `api_domain`. */
  apiDomain?: string;
  /** Origin of the OAuth server, e.g. `https://accounts.zoho.eu`. Beats `dataCenter`. */
  accountsDomain?: string;
  /** Origin for bulk-write uploads, e.g. `https://content.zohoapis.eu`. Beats `dataCenter`. */
  uploadDomain?: string;
  /** CRM API version used in paths. @default 'v8' */
  apiVersion?: ApiVersion;
  /** The org's `zgid` for the `X-CRM-ORG` upload header. @default fetched once from `GET /crm/{v}/org` */
  orgId?: string;
  /** `fetch`-compatible function, looked up at call time. @default globalThis.fetch (with an undici keep-alive dispatcher) */
  fetch?: FetchLike;
  /** Retries of a retryable failure, per request. @default 4 */
  maxRetries?: number;
  /** Per-HTTP-request timeout, ms (for downloads: until the response headers arrive; the body is then bounded by the `signal` and undici's 300 s body timeout). `0` disables it. @default 60000 */
  timeout?: number;
  /** Defaults for every `waitFor`. */
  poll?: PollOptions;
  /** Client-side limit for result downloads per minute (Zoho refuses the 11th with 429). @default 10 */
  downloadsPerMinute?: number;
  /** Most requests in flight at once for this client (Zoho limits concurrency per org). @default 10 */
  maxConcurrency?: number;
  /** Extra host names that may receive the access token (exact match). @default [] */
  trustedHosts?: readonly string[];
  /** Where a `RefreshTokenProvider` built from `auth` credentials keeps its token (shared across processes). */
  tokenStore?: TokenStore;
  /** Receives request, retry and token events; never sees a secret. @default no logging */
  logger?: Logger;
  /** Injectable clock and sleep, for tests. */
  clock?: Clock;
}

/** Time source and sleep; tests inject a fake so nothing waits for real. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ResolvedOptions {
  auth: BulkClientOptions['auth'];
  dataCenter: DataCenter;
  /** Explicit API origin, or undefined to use the token's `api_domain`, then the DC default. */
  apiDomainOverride: string | undefined;
  defaultApiDomain: string;
  accountsDomain: string;
  uploadDomain: string;
  apiVersion: ApiVersion;
  orgId: string | undefined;
  fetch: FetchLike | undefined;
  maxRetries: number;
  timeout: number;
  poll: Required<PollOptions>;
  downloadsPerMinute: number;
  maxConcurrency: number;
  trustedHosts: readonly string[];
  tokenStore: TokenStore | undefined;
  logger: Logger | undefined;
  clock: Clock;
  userAgent: string;
}

export const VERSION = '0.1.0';

export const defaultClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function resolveOptions(options: BulkClientOptions): ResolvedOptions {
  const origins = resolveOrigins(options);
  return {
    auth: options.auth,
    dataCenter: origins.dataCenter,
    apiDomainOverride: origins.apiOverride,
    defaultApiDomain: origins.defaultApi,
    accountsDomain: origins.accounts,
    uploadDomain: origins.upload,
    apiVersion: options.apiVersion ?? 'v8',
    orgId: options.orgId,
    fetch: options.fetch,
    maxRetries: options.maxRetries ?? 4,
    timeout: options.timeout ?? 60_000,
    poll: {
      interval: options.poll?.interval ?? 5_000,
      maxInterval: options.poll?.maxInterval ?? 60_000,
      timeout: options.poll?.timeout ?? 3_600_000,
    },
    downloadsPerMinute: options.downloadsPerMinute ?? 10,
    maxConcurrency: options.maxConcurrency ?? 10,
    trustedHosts: options.trustedHosts ?? [],
    tokenStore: options.tokenStore,
    logger: options.logger,
    clock: options.clock ?? defaultClock,
    userAgent: `zoho-bulk/${VERSION}`,
  };
}
