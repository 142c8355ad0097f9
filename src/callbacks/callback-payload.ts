/**
 * Callback bodies (zoho-api.md §2.5, §3.5). Zoho documents two bulk-read shapes: a flat object with
 * `job_id` (v2, Kaizen #12) and the GET envelope `{ data: [{ id, state, … }] }` (v7 docs). No
 * bulk-write sample exists; it is assumed to be like the job GET (`{ id, status, … }`, not
 * wrapped), possibly with `job_id`. All are read; treat the result as a hint and read the job
 * before acting on it.
 */
import { z } from 'zod';
import { parseJson } from '../core/json.js';
import { parseResponse } from '../core/validate.js';
import { type BulkReadState, zohoIdSchema } from '../schemas/bulk-read.js';

/** What a callback said. */
export interface CallbackEvent {
  /** The job the callback is about. */
  jobId: string;
  /** Its state (`COMPLETED`, `FAILURE`, …; a bulk-write job's `status`). */
  state: BulkReadState;
  /** The payload as received (parsed JSON). */
  raw: unknown;
}

const ENDPOINT = 'job callback';

const state = z.string().min(1);
/** A job: `id` or `job_id`, and `state` (bulk read) or `status` (bulk write). */
const jobSchema = z
  .looseObject({
    id: zohoIdSchema.optional(),
    job_id: zohoIdSchema.optional(),
    state: state.optional(),
    status: state.optional(),
  })
  .transform((job, ctx) => {
    const jobId = job.job_id ?? job.id;
    const said = job.state ?? job.status;
    if (jobId === undefined || said === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a callback names its job (id or job_id) and its state (or status)',
      });
      return z.NEVER;
    }
    return { jobId, state: said };
  });
const payloadSchema = z.union([
  z.looseObject({ data: z.array(z.unknown()).min(1) }).transform((p, ctx) => {
    const first = jobSchema.safeParse(p.data[0]);
    if (first.success) return first.data;
    for (const issue of first.error.issues) ctx.addIssue({ ...issue, path: ['data', 0, ...issue.path] });
    return z.NEVER;
  }),
  jobSchema,
]);

/**
 * Parses a callback body: an object, or its JSON text / bytes (big ids stay exact).
 * @throws ResponseValidationError when it is no documented shape.
 */
export function parseCallbackPayload(payload: unknown): CallbackEvent {
  let raw = payload;
  if (payload instanceof Uint8Array) raw = Buffer.from(payload).toString('utf8');
  if (typeof raw === 'string') {
    try {
      raw = parseJson(raw);
    } catch {
      raw = undefined;
    }
  }
  const { jobId, state } = parseResponse(payloadSchema, raw, ENDPOINT);
  return { jobId, state, raw };
}
