/**
 * The bulk-read create body (zoho-api.md §2.2, §2.6), checked before any request. Unknown keys pass
 * through so a new Zoho option does not need a release; the documented ones are checked.
 */
import { z } from 'zod';
import { callbackSchema } from './callback.js';
import { criteriaSchema } from './criteria.js';
import { moduleRefSchema } from './module-ref.js';

/** Re-exported for the modules that read it from here; the schema lives in `module-ref.ts`. */
export { moduleRefSchema };

/** Zoho exports every field, silently, when asked for more than this many. */
export const MAX_BULK_READ_FIELDS = 200;
/** Highest `page` the v2–v6 docs allow (v7+ continues with `page_token`). */
export const MAX_BULK_READ_PAGE = 500;

export const bulkReadQuerySchema = z.looseObject({
  module: moduleRefSchema.optional(),
  fields: z
    .array(z.string().min(1, 'field api names must not be empty'))
    .max(MAX_BULK_READ_FIELDS, {
      error: (issue) =>
        `at most ${MAX_BULK_READ_FIELDS} fields, got ${Array.isArray(issue.input) ? issue.input.length : '?'}: with more, Zoho silently exports every field`,
    })
    .optional(),
  criteria: criteriaSchema.optional(),
  cvid: z
    .string({ error: 'cvid must be a string (ids exceed 2^53)' })
    .regex(/^\d+$/, 'cvid must be digits')
    .optional(),
  page: z.number().int().min(1).max(MAX_BULK_READ_PAGE).optional(),
  page_token: z.string().min(1).optional(),
  file_type: z.enum(['csv', 'ics']).optional(),
});

/**
 * `POST /crm/bulk/{v}/read` body. `module` (string or `{ api_name }`) is required unless
 * `page_token` is given; `fields` (≤ 200) is refused with `file_type: 'ics'`.
 */
export const bulkReadCreateBodySchema = z
  .looseObject({
    query: bulkReadQuerySchema,
    callback: callbackSchema.optional(),
    file_type: z.enum(['csv', 'ics']).optional(),
  })
  .superRefine((body, ctx) => {
    const q = body.query;
    if (q.module === undefined && q.page_token === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['query', 'module'],
        message: 'module is required (only a page_token request may omit it)',
      });
    }
    const ics = body.file_type === 'ics' || q.file_type === 'ics';
    if (ics && q.fields !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['query', 'fields'],
        message: 'fields cannot be chosen with file_type "ics" (Zoho answers FIELD_NOT_SUPPORTED)',
      });
    }
  });

export type BulkReadQuery = z.input<typeof bulkReadQuerySchema>;
export type BulkReadCreateBody = z.input<typeof bulkReadCreateBodySchema>;
