/**
 * Bulk-read request bodies in the shape each API version expects (zoho-api.md §2.2, §5.4):
 * validated before any request (criteria limits, ≤ 200 fields, no fields with ICS), then `module`
 * as a string for v2 and `{ api_name }` from v2.1, criteria conditions with `api_name` keys for
 * v2 and `field: { api_name }` from v7, `file_type` at the top level.
 */
import { RequestValidationError } from '../core/errors.js';
import type { ApiVersion } from '../core/options.js';
import { parseRequest } from '../core/validate.js';
import { type BulkReadCreateBody, bulkReadCreateBodySchema } from '../schemas/bulk-read-body.js';
import type { Criteria } from '../schemas/criteria.js';
import { toFieldCriteria, toLegacyCriteria } from '../schemas/criteria-builder.js';

/** v7 and later continue with `next_page_token`; older versions with `page + 1`. */
export function usesPageToken(version: ApiVersion): boolean {
  return version === 'v7' || version === 'v8';
}

/** v2 sends `module` (and criteria fields) by bare api name. */
export function isLegacyVersion(version: ApiVersion): boolean {
  return version === 'v2';
}

/** The api name of a module given as `'Contacts'` or `{ api_name: 'Contacts' }`. */
export function moduleName(module: unknown): string | undefined {
  if (typeof module === 'string') return module;
  if (typeof module === 'object' && module !== null) {
    const name = (module as { api_name?: unknown }).api_name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * Validates a create body and rewrites it for `version`. Throws `RequestValidationError` (naming
 * the offending path, e.g. `query.criteria.group[3].value`) before anything is sent.
 */
export function createBodyFor(body: BulkReadCreateBody, version: ApiVersion, endpoint: string) {
  const parsed = parseRequest(bulkReadCreateBodySchema, body, endpoint);
  const { file_type: queryFileType, ...query } = parsed.query;
  if (query.page_token !== undefined && !usesPageToken(version)) {
    const message = `Invalid input for ${endpoint}: query.page_token needs API v7 or later (this client uses ${version}); use query.page`;
    throw new RequestValidationError(message, {
      issues: [{ code: 'custom', path: ['query', 'page_token'], message }],
      endpoint,
    });
  }
  if (query.module !== undefined) {
    const name = moduleName(query.module) as string;
    if (isLegacyVersion(version)) query.module = name;
    else if (typeof query.module === 'string') query.module = { api_name: name };
  }
  if (query.criteria !== undefined) {
    const criteria = query.criteria as Criteria;
    if (isLegacyVersion(version)) query.criteria = toLegacyCriteria(criteria);
    else if (usesPageToken(version)) query.criteria = toFieldCriteria(criteria);
  }
  const out: Record<string, unknown> = { ...parsed, query };
  const fileType = parsed.file_type ?? queryFileType;
  if (fileType !== undefined) out.file_type = fileType;
  return out;
}
