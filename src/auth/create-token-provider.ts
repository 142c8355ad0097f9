import type { ResolvedOptions } from '../core/options.js';
import { RefreshTokenProvider } from './refresh-token-provider.js';
import { StaticTokenProvider } from './static-token-provider.js';
import type { TokenProvider } from './token-provider.js';

const isProvider = (value: unknown): value is TokenProvider =>
  typeof value === 'object' && value !== null && typeof (value as TokenProvider).getToken === 'function';

/** The `TokenProvider` for a client's `auth` option: a string, a provider, or refresh-token credentials. */
export function createTokenProvider(options: ResolvedOptions): TokenProvider {
  const { auth } = options;
  if (typeof auth === 'string') return new StaticTokenProvider(auth);
  if (isProvider(auth)) return auth;
  if (typeof auth === 'object' && auth !== null && 'refreshToken' in auth) {
    return new RefreshTokenProvider({
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      refreshToken: auth.refreshToken,
      dataCenter: options.dataCenter,
      accountsDomain: options.accountsDomain,
      store: options.tokenStore,
      fetch: options.fetch,
      clock: options.clock,
      logger: options.logger,
      // The client's per-request timeout bounds token requests too (`0`: none).
      timeout: options.timeout,
    });
  }
  throw new TypeError(
    'BulkClient: `auth` must be an access token string, a TokenProvider, or { clientId, clientSecret, refreshToken }',
  );
}
