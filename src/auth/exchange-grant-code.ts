/**
 * Trades a one-time grant code (from Zoho's API console "Self Client" or an OAuth redirect) for
 * a refresh token and a first access token (`grant_type=authorization_code`, zoho-api.md 1.2).
 * Used by `zoho-bulk auth login`. The code is single-use, so the request is resent only when it
 * provably never reached Zoho (connection refused, DNS, 429).
 */
import { apiOriginForAccounts, type DataCenter, resolveOrigins } from '../core/data-centers.js';
import { LazyDispatcher } from '../core/dispatcher.js';
import { OAuthError } from '../core/errors.js';
import { type Clock, defaultClock, type FetchLike } from '../core/options.js';
import { callTokenEndpoint } from './token-endpoint.js';

export interface ExchangeGrantCodeOptions {
  clientId: string;
  clientSecret: string;
  /** The grant code (valid for a few minutes, usable once). */
  code: string;
  /** Origin of the OAuth server. Beats `dataCenter`. */
  accountsDomain?: string | undefined;
  /** Picks the accounts server. @default 'us' */
  dataCenter?: DataCenter | undefined;
  /** Required when the code came from a redirect-based client; not for a Self Client code. */
  redirectUri?: string | undefined;
  /** @default globalThis.fetch */
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
  /** @default the system clock */
  clock?: Clock | undefined;
  /** Timeout of the request, ms; `0` means none. @default 30000 */
  timeout?: number | undefined;
}

export interface GrantCodeTokens {
  refreshToken: string;
  accessToken: string;
  /** The org's API origin (`api_domain`), or the data centre's default when Zoho sent none. */
  apiDomain: string | undefined;
  /** Lifetime of `accessToken`, seconds. */
  expiresIn: number;
}

export async function exchangeGrantCode(options: ExchangeGrantCodeOptions): Promise<GrantCodeTokens> {
  const accountsDomain = resolveOrigins(options).accounts;
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    client_id: options.clientId,
    client_secret: options.clientSecret,
    code: options.code,
  };
  if (options.redirectUri !== undefined) params.redirect_uri = options.redirectUri;
  const dispatcher = new LazyDispatcher();
  try {
    const result = await callTokenEndpoint({
      accountsDomain,
      params,
      secrets: [options.clientSecret, options.code],
      fetch: options.fetch,
      dispatcher: () => dispatcher.get(),
      clock: options.clock ?? defaultClock,
      signal: options.signal,
      retries: 2,
      idempotent: false,
      timeout: options.timeout ?? 30_000,
    });
    if (result.refreshToken === undefined) {
      throw new OAuthError(
        'Zoho Accounts returned no refresh_token: generate the grant code with access_type=offline (a Self Client code always has it)',
        { code: 'no_refresh_token' },
      );
    }
    return {
      refreshToken: result.refreshToken,
      accessToken: result.accessToken,
      apiDomain: result.apiDomain ?? apiOriginForAccounts(accountsDomain),
      expiresIn: result.expiresIn,
    };
  } finally {
    await dispatcher.close();
  }
}
