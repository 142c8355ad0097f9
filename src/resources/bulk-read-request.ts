/**
 * Bulk-read request bodies in the shape each API version expects (zoho-api.md §2.2, §5.4):
 * validated before any request (criteria limits, ≤ 200 fields, no fields with ICS), then `module`
 * and criteria rewritten by the version rules of `core/api-version.ts`, `file_type` at the top.
 */
import { moduleForVersion, usesLegacyModuleShape, usesPageToken } from '../core/api-version.js';
import { RequestValidationError } from '../core/errors.js';
import type { ApiVersion } from '../core/options.js';
import { parseRequest } from '../core/validate.js';
import { type BulkReadCreateBody, bulkReadCreateBodySchema } from '../schemas/bulk-read-body.js';
import type { Criteria } from '../schemas/criteria.js';
import { toFieldCriteria, toLegacyCriteria } from '../schemas/criteria-builder.js';

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
  if (query.module !== undefined) query.module = moduleForVersion(query.module, version);
  if (query.criteria !== undefined) {
    const criteria = query.criteria as Criteria;
    if (usesLegacyModuleShape(version)) query.criteria = toLegacyCriteria(criteria);
    else if (usesPageToken(version)) query.criteria = toFieldCriteria(criteria);
  }
  const out: Record<string, unknown> = { ...parsed, query };
  const fileType = parsed.file_type ?? queryFileType;
  if (fileType !== undefined) out.file_type = fileType;
  return out;
}
