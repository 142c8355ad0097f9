/**
 * Mass update (zoho-api.md §4): the request body, checked before any request, and the response
 * shapes of both modes and of the status call. Wire names stay Zoho's (`Status`, `Updated_Count`).
 */
import { z } from 'zod';
import { digitsSchema, zohoIdSchema } from './ids.js';
import { wireOptional } from './wire-optional.js';

/** Records per non-scheduled (ids) mass update. */
export const MAX_MASS_UPDATE_IDS = 500;

/** Fields one mass update may set: 1, or 3 for Deals. */
export function maxMassUpdateFields(module: string): number {
  return module === 'Deals' ? 3 : 1;
}

const baseSchema = z.looseObject({
  data: z
    .array(z.record(z.string(), z.unknown()), { error: 'data must be an array with one object' })
    .length(1, 'data must hold exactly one object (field API name → new value)'),
  ids: z
    .array(digitsSchema('each id'))
    .min(1, 'ids must not be empty')
    .max(MAX_MASS_UPDATE_IDS, {
      error: (issue) =>
        `at most ${MAX_MASS_UPDATE_IDS} ids per mass update, got ${Array.isArray(issue.input) ? issue.input.length : '?'} (use a cvid for more)`,
    })
    .optional(),
  cvid: digitsSchema('cvid').optional(),
  territory: z
    .looseObject({ id: digitsSchema('territory id'), include_child: z.boolean().optional() })
    .optional(),
  over_write: z.boolean().optional(),
});

/** `POST …/actions/mass_update` body, as Zoho's (other keys pass through unchecked). */
export interface MassUpdateBody {
  /** Exactly one object: field API name → new value (1 field; 3 for Deals). */
  data: Record<string, unknown>[];
  /** Immediate mode: at most 500 record ids. */
  ids?: string[] | undefined;
  /** Scheduler mode: a custom view id (up to 50,000 records). */
  cvid?: string | undefined;
  /** Scheduler mode: records of a territory (needs `cvid`); `include_child` adds its child territories. */
  territory?: { id: string; include_child?: boolean | undefined } | undefined;
  /** Multi-select picklists: replace (true) or append (false). @default false */
  over_write?: boolean | undefined;
  /**
   * Narrows a scheduled update, as Zoho's SDK models it (an array of conditions). Not on Zoho's
   * doc pages: experimental, sent as given.
   */
  criteria?: MassUpdateCriterion[] | undefined;
}

/** One condition of a mass update's `criteria` (shape from Zoho's SDK model; passed through). */
export interface MassUpdateCriterion {
  field?: string | { api_name: string } | undefined;
  comparator?: string | undefined;
  value?: unknown;
  group?: MassUpdateCriterion[] | undefined;
  group_operator?: 'and' | 'or' | (string & {}) | undefined;
  [key: string]: unknown;
}
/** A body in scheduler mode (a custom view, up to 50,000 records, answered with a job id). */
export type MassUpdateCvidBody = MassUpdateBody & { cvid: string; ids?: undefined };
/** A body in immediate mode (at most 500 ids, answered per record). */
export type MassUpdateIdsBody = MassUpdateBody & { ids: string[]; cvid?: undefined };

const bodySchemas = new Map<number, z.ZodType<z.output<typeof baseSchema>>>();

/** The body for a module: exactly one of `ids`/`cvid`, at most 1 field (3 for Deals). */
export function massUpdateBodySchema(module: string) {
  const max = maxMassUpdateFields(module);
  let schema = bodySchemas.get(max);
  if (schema === undefined) {
    schema = baseSchema.superRefine((body, ctx) => {
      const fields = Object.keys(body.data[0] ?? {});
      if (fields.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['data', 0], message: 'data[0] must set one field' });
      } else if (fields.length > max) {
        ctx.addIssue({
          code: 'custom',
          path: ['data', 0],
          message: `a mass update sets at most ${max} field${max === 1 ? '' : 's'}${max === 1 ? ' (3 for Deals)' : ''}, got ${fields.length}: ${fields.join(', ')}`,
        });
      }
      if ((body.ids === undefined) === (body.cvid === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: body.ids === undefined ? ['ids'] : ['cvid'],
          message: 'give exactly one of ids (at most 500 records) or cvid (a custom view)',
        });
      }
      if (body.territory !== undefined && body.cvid === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['territory'],
          message: 'territory needs cvid (scheduler mode)',
        });
      }
    });
    bodySchemas.set(max, schema);
  }
  return schema;
}

/** One item of `data[]` in a mass-update answer; `code`, `message`, `details` may be absent or `null`. */
export const massUpdateItemSchema = z.looseObject({
  status: z.string(),
  code: wireOptional(z.string()),
  message: wireOptional(z.string()),
  details: wireOptional(z.record(z.string(), z.unknown())),
});
export type MassUpdateItem = z.output<typeof massUpdateItemSchema>;

export const massUpdateResponseSchema = z.looseObject({
  data: z.array(massUpdateItemSchema).min(1),
});

/** Scheduler-mode success: `details.job_id`. */
export const massUpdateScheduledSchema = z.looseObject({
  status: z.literal('success'),
  details: z.object({ job_id: zohoIdSchema }),
});

/** The outcome for one id (immediate mode): built from an answer item, never `null`. */
export interface MassUpdateRowResult {
  id: string;
  status: 'success' | 'error' | (string & {});
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** What `create` answers in scheduler mode. */
export type MassUpdateScheduled = z.output<typeof massUpdateScheduledSchema>['details'];

/** What `create` answers in immediate mode; successes and errors mixed. */
export interface MassUpdateResults {
  results: MassUpdateRowResult[];
}

/** The mass-update job states Zoho documents. */
export const MASS_UPDATE_STATES = ['SCHEDULED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type MassUpdateJobStatus = (typeof MASS_UPDATE_STATES)[number] | (string & {});

/** A count as a number, or digits as text; absent or `null` reads as absent. */
const countSchema = wireOptional(z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]));

/** `data[0]` of `GET …/actions/mass_update?job_id=`. */
export const massUpdateStatusItemSchema = z.looseObject({
  Status: z.string().transform((status): MassUpdateJobStatus => status),
  Updated_Count: countSchema,
  Failed_Count: countSchema,
  Not_Updated_Count: countSchema,
  Total_Count: countSchema,
});
/** A scheduled mass update's progress. Counts Zoho sent as `null` are absent. */
export type MassUpdateStatus = z.output<typeof massUpdateStatusItemSchema>;

/** `GET …/actions/mass_update?job_id=` → `{ data: [status, …] }`. */
export const massUpdateStatusSchema = z.looseObject({
  data: z.tuple([massUpdateStatusItemSchema], z.unknown()),
});

export function classifyMassUpdate(status: Pick<MassUpdateStatus, 'Status'>): 'done' | 'failed' | 'pending' {
  const s = status.Status.trim().toUpperCase();
  if (s === 'COMPLETED') return 'done';
  if (s === 'FAILED') return 'failed';
  return 'pending';
}
