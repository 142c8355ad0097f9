import type { AccessToken, TokenProvider } from './token-provider.js';

/** A fixed access token (scripts, tests, tokens minted elsewhere). It is never refreshed. */
export class StaticTokenProvider implements TokenProvider {
  readonly #token: AccessToken;

  /** @param apiDomain The org's API origin, when the token was minted with one (`api_domain`). */
  constructor(accessToken: string, apiDomain?: string) {
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new TypeError('StaticTokenProvider: accessToken must be a non-empty string');
    }
    this.#token = apiDomain === undefined ? { accessToken } : { accessToken, apiDomain };
  }

  async getToken(): Promise<AccessToken> {
    return { ...this.#token };
  }
}
