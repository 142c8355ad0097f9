/**
 * A TokenStore on the CLI config file: the access token minted by one command is reused by the
 * next ones until it expires, so a shell loop of `zoho-bulk` commands does not spend Zoho's budget
 * of 10 token refreshes per 10 minutes.
 *
 * The cached token is tagged with a hash of the credentials that minted it: credentials given in
 * the environment for another account never pick up a token cached for the file's profile.
 */
import { createHash } from 'node:crypto';
import type { StoredToken, TokenStore } from '../auth/token-provider.js';
import { type CachedToken, readConfigFile, updateConfigFile } from './config-file.js';

export interface FileTokenStoreOptions {
  /** Path of the config file. */
  path: string;
  /** Profile whose `token` slot is used. */
  profile: string;
  /** `credentialId()` of the credentials in use. */
  credentialId: string;
  /** Time source for expiry checks. @default Date.now */
  now?: () => number;
  /** Told when the cache cannot be written (read-only home…); the command goes on. @default ignore */
  onWriteError?: (error: unknown) => void;
}

/**
 * A short, one-way fingerprint of the credentials (SHA-256, 16 hex chars). It identifies which
 * credentials a cached token belongs to without storing anything that could be used to log in.
 */
export function credentialId(input: {
  accountsDomain: string;
  clientId: string;
  refreshToken: string;
}): string {
  return createHash('sha256')
    .update(`${input.accountsDomain}\n${input.clientId}\n${input.refreshToken}`)
    .digest('hex')
    .slice(0, 16);
}

export class FileTokenStore implements TokenStore {
  private readonly path: string;
  private readonly profile: string;
  private readonly credentialId: string;
  private readonly now: () => number;
  private readonly onWriteError: (error: unknown) => void;

  constructor(options: FileTokenStoreOptions) {
    this.path = options.path;
    this.profile = options.profile;
    this.credentialId = options.credentialId;
    this.now = options.now ?? Date.now;
    this.onWriteError = options.onWriteError ?? (() => {});
  }

  async get(): Promise<StoredToken | undefined> {
    let token: CachedToken;
    try {
      const cached = (await readConfigFile(this.path)).profiles[this.profile]?.token;
      if (!cached) return undefined;
      token = cached;
    } catch {
      // An unreadable cache only costs one refresh.
      return undefined;
    }
    if (token.credentialId !== this.credentialId || token.expiresAt <= this.now()) return undefined;
    const result: StoredToken = { accessToken: token.accessToken, expiresAt: token.expiresAt };
    if (token.apiDomain !== undefined) result.apiDomain = token.apiDomain;
    return result;
  }

  async set(token: StoredToken): Promise<void> {
    try {
      await this.write(token);
    } catch (error) {
      this.onWriteError(error);
    }
  }

  private async write(token: StoredToken): Promise<void> {
    await updateConfigFile(this.path, (config) => {
      const profile = config.profiles[this.profile] ?? {};
      const cached = {
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        credentialId: this.credentialId,
        ...(token.apiDomain === undefined ? {} : { apiDomain: token.apiDomain }),
      };
      config.profiles[this.profile] = { ...profile, token: cached };
      return config;
    });
  }
}
