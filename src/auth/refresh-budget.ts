/**
 * The local refresh budget: Zoho mints at most 10 access tokens per refresh token in any 10
 * minutes and answers the 11th with `Access Denied` for the rest of the window (zoho-api.md 1.4).
 * This module-level ledger (keyed by a hash of the refresh token, so every client in the process
 * shares it) refuses the 11th locally with `OAuthError { code: 'LOCAL_REFRESH_BUDGET' }`, and
 * after a real `Access Denied` refuses every refresh until the window has passed.
 */
import { createHash } from 'node:crypto';
import { OAuthError } from '../core/errors.js';

export const REFRESH_BUDGET = 10;
export const REFRESH_WINDOW_MS = 10 * 60_000;

interface Ledger {
  /** When each refresh of the window was sent, oldest first. */
  stamps: number[];
  /** After Zoho's `Access Denied`: no refresh before this time. */
  blockedUntil: number;
}

const ledgers = new Map<string, Ledger>();

/** A stable, non-reversible key for a refresh token. */
export function budgetKey(refreshToken: string): string {
  return createHash('sha256').update(`zoho-bulk:${refreshToken}`).digest('hex');
}

function ledger(key: string, now: number): Ledger {
  let entry = ledgers.get(key);
  if (!entry) {
    entry = { stamps: [], blockedUntil: 0 };
    ledgers.set(key, entry);
  }
  while (entry.stamps.length > 0 && (entry.stamps[0] as number) <= now - REFRESH_WINDOW_MS)
    entry.stamps.shift();
  return entry;
}

const when = (at: number, now: number): string =>
  `${new Date(at).toISOString()} (in ${Math.max(1, Math.ceil((at - now) / 1000))} s)`;

/** Records one refresh about to be sent, or throws `LOCAL_REFRESH_BUDGET` when none is left. */
export function takeRefresh(key: string, now: number): void {
  const entry = ledger(key, now);
  if (entry.blockedUntil > now) {
    throw new OAuthError(
      `Not refreshing the access token: Zoho Accounts answered "Access Denied" (token throttle) within the last 10 minutes; retry after ${when(entry.blockedUntil, now)}`,
      { code: 'LOCAL_REFRESH_BUDGET' },
    );
  }
  if (entry.stamps.length >= REFRESH_BUDGET) {
    const freeAt = (entry.stamps[0] as number) + REFRESH_WINDOW_MS;
    throw new OAuthError(
      `Not refreshing the access token: ${REFRESH_BUDGET} tokens were already requested with this refresh token in the last 10 minutes and Zoho refuses the 11th; retry after ${when(freeAt, now)}, and share tokens between processes with a tokenStore`,
      { code: 'LOCAL_REFRESH_BUDGET' },
    );
  }
  entry.stamps.push(now);
}

/** After Zoho's `Access Denied`: refuse refreshes for a whole window. */
export function blockRefresh(key: string, now: number): void {
  ledger(key, now).blockedUntil = now + REFRESH_WINDOW_MS;
}
