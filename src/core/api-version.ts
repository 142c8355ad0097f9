/**
 * What changes with the CRM API version (zoho-api.md §2.2, §3.2, §5.4), in one place:
 * - v2 names a module by its bare api name (`'Contacts'`); v2.1 and later as `{ api_name }`;
 * - v7 and later continue a bulk read with `next_page_token`; older versions with `page + 1`;
 * - v7 and later write criteria fields as `field: { api_name }`; v2 as bare `api_name` keys.
 */
import type { ApiVersion } from './options.js';

/** `'v2.1'` → 2.1, `'v8'` → 8; an unreadable version counts as the newest (8). */
export function apiVersionNumber(version: ApiVersion | string): number {
  const n = Number(String(version).replace(/^v/, ''));
  return Number.isFinite(n) ? n : 8;
}

/** v7 and later continue with `next_page_token` (and write criteria as `field: { api_name }`). */
export function usesPageToken(version: ApiVersion | string): boolean {
  return apiVersionNumber(version) >= 7;
}

/** Before v2.1, a module (and a criteria field) is sent by its bare api name. */
export function usesLegacyModuleShape(version: ApiVersion | string): boolean {
  return apiVersionNumber(version) < 2.1;
}

/** A module given as `'Contacts'` or `{ api_name: 'Contacts', … }`, in the shape `version` expects. */
export function moduleForVersion<M extends { api_name: string }>(
  module: string | M,
  version: ApiVersion | string,
): string | M | { api_name: string } {
  if (usesLegacyModuleShape(version)) return typeof module === 'string' ? module : module.api_name;
  return typeof module === 'string' ? { api_name: module } : module;
}
