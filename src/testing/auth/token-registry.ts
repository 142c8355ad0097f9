/**
 * OAuth state of the fake accounts server: the client, refresh tokens, single-use grant codes and
 * issued access tokens, with Zoho's limits (zoho-api.md 1.4): at most `refreshLimit` tokens per
 * refresh token in any 10 minutes, at most 15 live access tokens per refresh token (the 16th
 * invalidates the oldest), access tokens expire after `lifetime`.
 */
import { Rng } from '../data/rng.js';

export interface FakeCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export type TokenCheck = 'ok' | 'expired' | 'unknown' | 'invalidated';

interface AccessTokenInfo {
  refreshToken: string | undefined;
  expiresAt: number;
  invalidated: boolean;
}

const WINDOW = 10 * 60_000;
const LIVE_TOKENS = 15;
const GRANT_CODE_LIFETIME = 3 * 60_000;

export class TokenRegistry {
  private readonly access = new Map<string, AccessTokenInfo>();
  private readonly refreshTokens = new Map<string, { issued: number[]; live: string[] }>();
  private readonly grantCodes = new Map<string, number>();
  private rng: Rng;

  constructor(
    readonly credentials: FakeCredentials,
    private readonly options: { now: () => number; lifetime: number; refreshLimit: number; seed: number },
  ) {
    this.rng = new Rng(options.seed ^ 0x5eed);
    this.reset();
  }

  reset(): void {
    this.access.clear();
    this.refreshTokens.clear();
    this.grantCodes.clear();
    // The token generator is NOT reseeded: a client that outlives a reset must never be handed a
    // token string it already holds (it would take the new token for the rejected one).
    this.refreshTokens.set(this.credentials.refreshToken, { issued: [], live: [] });
  }

  clientMatches(clientId: string | null, clientSecret: string | null): boolean {
    return clientId === this.credentials.clientId && clientSecret === this.credentials.clientSecret;
  }

  /** A new access token for a refresh token, or why not. */
  refresh(refreshToken: string): { token: string } | { error: 'invalid_code' | 'throttled' } {
    const state = this.refreshTokens.get(refreshToken);
    if (!state) return { error: 'invalid_code' };
    const now = this.options.now();
    state.issued = state.issued.filter((t) => now - t < WINDOW);
    if (state.issued.length >= this.options.refreshLimit) return { error: 'throttled' };
    state.issued.push(now);
    return { token: this.issue(refreshToken, state) };
  }

  /** An access token not tied to any refresh token (for tests using a static token). */
  issueStatic(lifetime = this.options.lifetime): string {
    const token = this.newToken();
    this.access.set(token, {
      refreshToken: undefined,
      expiresAt: this.options.now() + lifetime,
      invalidated: false,
    });
    return token;
  }

  createGrantCode(): string {
    const code = `1000.${this.rng.hex(32)}.${this.rng.hex(32)}`;
    this.grantCodes.set(code, this.options.now() + GRANT_CODE_LIFETIME);
    return code;
  }

  /** Redeems a grant code (single use) for a new refresh token and its first access token. */
  redeem(code: string): { refreshToken: string; token: string } | undefined {
    const expires = this.grantCodes.get(code);
    this.grantCodes.delete(code);
    if (expires === undefined || this.options.now() > expires) return undefined;
    const refreshToken = `1000.${this.rng.hex(32)}.${this.rng.hex(32)}`;
    const state = { issued: [this.options.now()], live: [] };
    this.refreshTokens.set(refreshToken, state);
    return { refreshToken, token: this.issue(refreshToken, state) };
  }

  revoke(refreshToken: string): boolean {
    const state = this.refreshTokens.get(refreshToken);
    if (!state) return false;
    for (const token of state.live) this.access.delete(token);
    this.refreshTokens.delete(refreshToken);
    return true;
  }

  check(token: string): TokenCheck {
    const info = this.access.get(token);
    if (!info) return 'unknown';
    if (info.invalidated) return 'invalidated';
    return this.options.now() >= info.expiresAt ? 'expired' : 'ok';
  }

  /** Every issued access token expires now. */
  expireAll(): void {
    const now = this.options.now();
    for (const info of this.access.values()) info.expiresAt = Math.min(info.expiresAt, now);
  }

  private issue(refreshToken: string, state: { live: string[] }): string {
    const token = this.newToken();
    this.access.set(token, {
      refreshToken,
      expiresAt: this.options.now() + this.options.lifetime,
      invalidated: false,
    });
    state.live.push(token);
    if (state.live.length > LIVE_TOKENS) {
      const oldest = state.live.shift();
      const info = oldest === undefined ? undefined : this.access.get(oldest);
      if (info) info.invalidated = true;
    }
    return token;
  }

  private newToken(): string {
    return `1000.${this.rng.hex(32)}.${this.rng.hex(32)}`;
  }
}
