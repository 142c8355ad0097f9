/**
 * Access tokens from a refresh token (zoho-api.md 1.2–1.4): cached until `expiresAt − margin`,
 * refreshed in a single flight (concurrent callers share one request), optionally shared across
 * processes through a `TokenStore`, and never more than 10 refreshes per refresh token in any
 * 10 minutes (`refresh-budget.ts`). Secrets live in private fields: `util.inspect` and
 * `JSON.stringify` of a provider show none of them.
 */
import { abortable } from '../core/abortable.js';
import { type DataCenter, resolveOrigins } from '../core/data-centers.js';
import { LazyDispatcher } from '../core/dispatcher.js';
import { OAuthError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type Clock, defaultClock, type FetchLike } from '../core/options.js';
import { blockRefresh, budgetKey, takeRefresh } from './refresh-budget.js';
import { callTokenEndpoint } from './token-endpoint.js';
import type {
  AccessToken,
  GetTokenOptions,
  StoredToken,
  TokenProvider,
  TokenStore,
} from './token-provider.js';

export interface RefreshTokenProviderOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Picks the accounts server. @default 'us' */
  dataCenter?: DataCenter | undefined;
  /** Origin of the OAuth server, e.g. `https://accounts.zoho.eu`. Beats `dataCenter`. */
  accountsDomain?: string | undefined;
  /** Shares the cached access token across processes (read first, written after each refresh). */
  store?: TokenStore | undefined;
  /** `fetch`-compatible function, looked up at call time. @default globalThis.fetch */
  fetch?: FetchLike | undefined;
  /** Injectable clock, for tests. @default the system clock */
  clock?: Clock | undefined;
  /** Receives `token-refresh` events (never a secret). @default no logging */
  logger?: Logger | undefined;
  /** Refresh this long before the token expires, ms. @default 60000 */
  refreshMargin?: number | undefined;
  /** Timeout of one token request, ms; `0` means none. @default 30000 (a client passes its own `timeout`) */
  timeout?: number | undefined;
  /** Retries of a token request that provably was not processed (429, connection refused). @default 2 */
  maxRetries?: number | undefined;
}

export class RefreshTokenProvider implements TokenProvider {
  /** The accounts origin tokens are requested from (not a secret). */
  readonly accountsDomain: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #refreshToken: string;
  readonly #budgetKey: string;
  readonly #store: TokenStore | undefined;
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #margin: number;
  readonly #timeout: number;
  readonly #retries: number;
  #cached: StoredToken | undefined;
  #inflight: Promise<StoredToken> | undefined;
  readonly #dispatcher = new LazyDispatcher();

  constructor(options: RefreshTokenProviderOptions) {
    for (const key of ['clientId', 'clientSecret', 'refreshToken'] as const) {
      if (typeof options[key] !== 'string' || options[key] === '') {
        throw new TypeError(`RefreshTokenProvider: ${key} must be a non-empty string`);
      }
    }
    this.accountsDomain = resolveOrigins(options).accounts;
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#refreshToken = options.refreshToken;
    this.#budgetKey = budgetKey(options.refreshToken);
    this.#store = options.store;
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? defaultClock;
    this.#logger = options.logger;
    this.#margin = options.refreshMargin ?? 60_000;
    this.#timeout = options.timeout ?? 30_000;
    this.#retries = options.maxRetries ?? 2;
  }

  /** Closes the idle connections to the accounts server (the provider stays usable). */
  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  async getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    const { signal, forceRefresh = false } = options;
    signal?.throwIfAborted();
    if (!forceRefresh && this.#isFresh(this.#cached)) return toAccessToken(this.#cached);
    // Single flight: whoever comes while a refresh runs shares it (forced or not, it is fresh).
    this.#inflight ??= this.#obtain(forceRefresh).finally(() => {
      this.#inflight = undefined;
    });
    return toAccessToken(await abortable(this.#inflight, signal));
  }

  #isFresh(token: StoredToken | undefined): token is StoredToken {
    return token !== undefined && token.expiresAt - this.#margin > this.#clock.now();
  }

  async #obtain(force: boolean): Promise<StoredToken> {
    const previous = this.#cached;
    const stored = await this.#readStore();
    // A token another process stored is good unless it is the very one just rejected.
    if (
      this.#isFresh(stored) &&
      (!force || (previous !== undefined && stored.accessToken !== previous.accessToken))
    ) {
      this.#cached = stored;
      return stored;
    }
    this.#log(force ? 'forced' : previous === undefined ? 'initial' : 'expired');
    const now = this.#clock.now();
    let result: Awaited<ReturnType<typeof callTokenEndpoint>>;
    try {
      result = await callTokenEndpoint({
        accountsDomain: this.accountsDomain,
        params: {
          grant_type: 'refresh_token',
          client_id: this.#clientId,
          client_secret: this.#clientSecret,
          refresh_token: this.#refreshToken,
        },
        secrets: [this.#clientSecret, this.#refreshToken],
        // Every attempt may mint a token at Zoho, so every attempt spends the budget.
        onAttempt: () => takeRefresh(this.#budgetKey, this.#clock.now()),
        fetch: this.#fetch,
        dispatcher: () => this.#dispatcher.get(),
        clock: this.#clock,
        retries: this.#retries,
        idempotent: true,
        timeout: this.#timeout,
      });
    } catch (error) {
      if (error instanceof OAuthError && /^access.denied$/i.test(error.code))
        blockRefresh(this.#budgetKey, now);
      throw error;
    }
    const token: StoredToken = { accessToken: result.accessToken, expiresAt: now + result.expiresIn * 1000 };
    if (result.apiDomain !== undefined) token.apiDomain = result.apiDomain;
    this.#cached = token;
    try {
      await this.#store?.set({ ...token });
    } catch {
      // The token is good in memory; a store that cannot be written only costs sharing.
    }
    return token;
  }

  async #readStore(): Promise<StoredToken | undefined> {
    try {
      const stored = await this.#store?.get();
      return stored && typeof stored.accessToken === 'string' && typeof stored.expiresAt === 'number'
        ? stored
        : undefined;
    } catch {
      return undefined;
    }
  }

  #log(reason: 'initial' | 'expired' | 'forced'): void {
    try {
      this.#logger?.({ type: 'token-refresh', accountsDomain: this.accountsDomain, reason });
    } catch {
      // Logging never fails a refresh.
    }
  }
}

const toAccessToken = (token: StoredToken): AccessToken =>
  token.apiDomain === undefined
    ? { accessToken: token.accessToken }
    : { accessToken: token.accessToken, apiDomain: token.apiDomain };
