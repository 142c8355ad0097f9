/** The token contract every auth strategy implements. */
export interface AccessToken {
  accessToken: string;
  /** `api_domain` from Zoho's token response, when known. */
  apiDomain?: string;
}

export interface GetTokenOptions {
  signal?: AbortSignal | undefined;
  /** Discard any cached token and mint a new one (after Zoho rejected it). */
  forceRefresh?: boolean | undefined;
}

export interface TokenProvider {
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Releases connections the provider holds; `client.close()` calls it. Optional. */
  close?(): Promise<void>;
}

/** A cached token shared between processes (a file, Redis, a database row). */
export interface StoredToken {
  accessToken: string;
  apiDomain?: string;
  /** Epoch ms after which the token must not be used. */
  expiresAt: number;
}

export interface TokenStore {
  get(): Promise<StoredToken | undefined> | StoredToken | undefined;
  set(token: StoredToken): Promise<void> | void;
}
