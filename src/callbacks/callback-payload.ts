/**
 * Bulk-read callback bodies (zoho-api.md §2.5). Zoho documents two shapes: a flat object with
 * `job_id` (v2, Kaizen #12) and the GET envelope `{ data: [{ id, state, … }] }` (v7 docs). Both
 * are read; treat the result as a hint and read the job before acting on it.
 */
import { z } from 'zod';
import { parseJson } from '../core/json.js';
import { parseResponse } from '../core/validate.js';
import { type BulkReadState, zohoIdSchema } from '../schemas/bulk-read.js';

/** What a callback said. */
export interface CallbackEvent {
  /** The job the callback is about. */
  jobId: string;
  /** Its state (`COMPLETED`, `FAILURE`, …). */
  state: BulkReadState;
  /** The payload as received (parsed JSON). */
  raw: unknown;
}

const ENDPOINT = 'bulkRead callback';

const flatSchema = z.looseObject({ job_id: zohoIdSchema, state: z.string().min(1) });
const wrappedSchema = z.looseObject({
  data: z.array(z.looseObject({ id: zohoIdSchema, state: z.string().min(1) })).min(1),
});
const payloadSchema = z.union([flatSchema, wrappedSchema]);

/**
 * Parses a callback body: an object, or its JSON text / bytes (big ids stay exact).
 * @throws ResponseValidationError when it is neither documented shape.
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
  const parsed = parseResponse(payloadSchema, raw, ENDPOINT);
  if ('job_id' in parsed) {
    const flat = parsed as { job_id: string; state: string };
    return { jobId: flat.job_id, state: flat.state, raw };
  }
  const first = (parsed as { data: { id: string; state: string }[] }).data[0] as {
    id: string;
    state: string;
  };
  return { jobId: first.id, state: first.state, raw };
}
