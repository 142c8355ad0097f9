/**
 * Export checkpoints: the query they belong to (normalised, compared on resume) and their
 * validation. A checkpoint says "the consumer has had `totalRecords` records: the first
 * `recordsInPage` of page `page`, and every record of the pages before it".
 */
import { RequestValidationError } from '../core/errors.js';
import { parseRequest } from '../core/validate.js';
import { type ExportCheckpoint, exportCheckpointSchema } from '../schemas/bulk-read.js';
import { bulkReadQuerySchema } from '../schemas/bulk-read-body.js';
import { moduleName } from '../schemas/module-ref.js';
import type { BulkReadExportQuery } from './options.js';

const ENDPOINT = 'bulkRead.export';

/** The export's query, checked, as plain JSON with `module` as its api name. */
export interface PreparedQuery {
  module: string;
  /** module, fields, criteria, cvid, file_type — never page / page_token. */
  query: Record<string, unknown>;
}

const fail = (path: PropertyKey[], message: string, value?: unknown): never => {
  throw new RequestValidationError(`Invalid input for ${ENDPOINT}: ${message}`, {
    issues: [{ code: 'custom', path, message }],
    value,
    endpoint: ENDPOINT,
  });
};

/** Validates the query before any request (criteria paths read `criteria.group[3].value`). */
export function prepareExportQuery(query: BulkReadExportQuery): PreparedQuery {
  if (typeof query !== 'object' || query === null) fail([], 'query must be an object', query);
  const parsed = parseRequest(bulkReadQuerySchema, query, ENDPOINT);
  const module = moduleName(parsed.module);
  if (module === undefined) return fail(['module'], 'module is required');
  if ('page' in query || 'page_token' in query) {
    fail(['page'], 'export walks every page itself: leave page and page_token out (use resume to continue)');
  }
  if (parsed.file_type === 'ics' && parsed.fields !== undefined) {
    fail(['fields'], 'fields cannot be chosen with file_type "ics" (Zoho answers FIELD_NOT_SUPPORTED)');
  }
  const plain = JSON.parse(JSON.stringify({ ...parsed, module })) as Record<string, unknown>;
  return { module, query: plain };
}

/** JSON with object keys sorted, for comparing queries. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Checks a `resume` value and that it belongs to this query. */
export function parseCheckpoint(resume: unknown, prepared: PreparedQuery): ExportCheckpoint {
  const checkpoint = parseRequest(exportCheckpointSchema, resume, `${ENDPOINT} (resume)`);
  if (checkpoint.module !== prepared.module || stableJson(checkpoint.query) !== stableJson(prepared.query)) {
    fail(
      ['resume', 'query'],
      `the checkpoint was taken for another query (module ${JSON.stringify(checkpoint.module)}); resume with the same query`,
    );
  }
  if (checkpoint.recordsInPage > checkpoint.totalRecords) {
    fail(['resume', 'recordsInPage'], 'recordsInPage exceeds totalRecords');
  }
  return checkpoint;
}
