/**
 * Which failures an export recovers from (zoho-api.md §2.3, §2.4, §2.6): a job or result file that
 * is gone and a page token Zoho no longer accepts (a job is created again), and a create that
 * provably never reached Zoho (it may be sent again).
 */
import { ConnectionError, RateLimitError, ZohoApiError } from '../core/errors.js';

/** The job or its file no longer exists: 404, or 400 `RESOURCE_NOT_FOUND` (files live a day). */
export function isGone(error: unknown): boolean {
  if (!(error instanceof ZohoApiError)) return false;
  return error.status === 404 || (error.status === 400 && error.code === 'RESOURCE_NOT_FOUND');
}

const TOKEN_CODES = new Set(['INVALID_DATA', 'INVALID_REQUEST', 'INVALID_PAGE_TOKEN', 'PAGE_TOKEN_EXPIRED']);

/**
 * Zoho refused to create a job from a `page_token` (it lives at most 24 h and belongs to one
 * user): HTTP 400 naming `page_token`, or one of the codes a stale token gets.
 */
export function isRefusedPageToken(error: unknown): boolean {
  if (!(error instanceof ZohoApiError) || error.status !== 400) return false;
  return error.details.api_name === 'page_token' || TOKEN_CODES.has(error.code);
}

/** The create provably did not reach Zoho (the transport already retried these), so asking again is safe. */
export function provablyNotSent(error: unknown): boolean {
  return error instanceof RateLimitError || (error instanceof ConnectionError && error.notSent);
}
