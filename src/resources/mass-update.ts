/**
 * `client.massUpdate` (zoho-api.md §4): set up to one field (three for Deals) on up to 500 records
 * at once (`ids`), or on a custom view's records in a background job (`cvid`), and follow the job.
 */
import type { ClientContext } from '../core/client-context.js';
import { ZohoApiError } from '../core/errors.js';
import { pollJob, type WaitOptions } from '../core/poller.js';
import { parseRequest, parseResponse } from '../core/validate.js';
import { checkJobId } from '../schemas/ids.js';
import {
  classifyMassUpdate,
  type MassUpdateBody,
  type MassUpdateCvidBody,
  type MassUpdateIdsBody,
  type MassUpdateItem,
  type MassUpdateResults,
  type MassUpdateRowResult,
  type MassUpdateScheduled,
  type MassUpdateStatus,
  massUpdateBodySchema,
  massUpdateResponseSchema,
  massUpdateScheduledSchema,
  massUpdateStatusSchema,
} from '../schemas/mass-update.js';
import { moduleNameSchema } from '../schemas/module-ref.js';
import type { RequestOptions } from './request-options.js';

export class MassUpdate {
  readonly #client: ClientContext;

  /** @internal Built by `BulkClient`. */
  constructor(client: ClientContext) {
    this.#client = client;
  }

  #path(module: string): string {
    return `/crm/${this.#client.options.apiVersion}/${encodeURIComponent(module)}/actions/mass_update`;
  }

  /**
   * `POST /crm/{v}/{module}/actions/mass_update`. With `cvid` Zoho schedules a job (up to 50,000
   * records) → `{ job_id }`; with `ids` (≤ 500) it updates at once → `{ results }`, one per id,
   * successes and errors mixed. A job already running for the view (`ALREADY_SCHEDULED`, HTTP 202)
   * throws `ZohoApiError` with that code. Not resent after a failure whose effect is unknown.
   */
  create(module: string, body: MassUpdateCvidBody, opts?: RequestOptions): Promise<MassUpdateScheduled>;
  create(module: string, body: MassUpdateIdsBody, opts?: RequestOptions): Promise<MassUpdateResults>;
  create(
    module: string,
    body: MassUpdateBody,
    opts?: RequestOptions,
  ): Promise<MassUpdateScheduled | MassUpdateResults>;
  async create(
    module: string,
    body: MassUpdateBody,
    opts: RequestOptions = {},
  ): Promise<MassUpdateScheduled | MassUpdateResults> {
    const name = parseRequest(moduleNameSchema, module, 'massUpdate.create');
    const valid = parseRequest(massUpdateBodySchema(name), body, 'massUpdate.create');
    const path = this.#path(name);
    const endpoint = `POST ${path}`;
    const { status, body: answer } = await this.#client.transport.request({
      method: 'POST',
      path,
      json: valid,
      signal: opts.signal,
      idempotent: false,
      operation: 'massUpdate.create',
    });
    const items = parseResponse(massUpdateResponseSchema, answer, endpoint).data;
    const errors = items.filter((item) => item.status === 'error');
    const scheduled = items.find((item) => item.code === 'ALREADY_SCHEDULED');
    if (scheduled) throw itemError(scheduled, status, endpoint);
    if (valid.cvid !== undefined) {
      const first = items[0]!;
      if (first.status !== 'success') throw itemError(first, status, endpoint);
      const ok = parseResponse(massUpdateScheduledSchema, first, endpoint);
      return ok.details;
    }
    // A 202 (or other non-200/207) answer made only of errors is not a per-record outcome.
    if (errors.length === items.length && status !== 200 && status !== 207) {
      throw itemError(errors[0]!, status, endpoint);
    }
    const ids = valid.ids ?? [];
    return { results: items.map((item, i) => rowResult(item, ids[i])) };
  }

  /** `GET …/actions/mass_update?job_id=` → `data[0]`: `Status` and the four counts. */
  async get(module: string, jobId: string, opts: RequestOptions = {}): Promise<MassUpdateStatus> {
    const name = parseRequest(moduleNameSchema, module, 'massUpdate.get');
    const id = checkJobId(jobId, 'massUpdate.get');
    const path = this.#path(name);
    const { body } = await this.#client.transport.request({
      method: 'GET',
      path,
      query: { job_id: id },
      signal: opts.signal,
      operation: 'massUpdate.get',
    });
    return parseResponse(massUpdateStatusSchema, body, `GET ${path}`).data[0];
  }

  /**
   * Polls until `COMPLETED`; `FAILED` rejects with `JobFailedError` (carrying the status);
   * `SCHEDULED`, `RUNNING` and unknown states keep polling. `onProgress` sees every status read.
   */
  async waitFor(
    module: string,
    jobId: string,
    opts: WaitOptions<MassUpdateStatus> = {},
  ): Promise<MassUpdateStatus> {
    const name = parseRequest(moduleNameSchema, module, 'massUpdate.waitFor');
    const id = checkJobId(jobId, 'massUpdate.waitFor');
    const { options } = this.#client;
    return pollJob<MassUpdateStatus>({
      ...opts,
      jobId: id,
      read: (signal) => this.get(name, id, { signal }),
      classify: classifyMassUpdate,
      failureMessage: (s) =>
        `Status ${s.Status}, ${s.Failed_Count ?? '?'} failed, ${s.Updated_Count ?? '?'} updated of ${s.Total_Count ?? '?'}`,
      clock: options.clock,
      defaults: options.poll,
    });
  }
}

function rowResult(item: MassUpdateItem, fallbackId: string | undefined): MassUpdateRowResult {
  const details = item.details ?? {};
  const id = details.id;
  return {
    id: typeof id === 'string' || typeof id === 'number' ? String(id) : (fallbackId ?? ''),
    status: item.status,
    code: item.code ?? '',
    message: item.message ?? '',
    details,
  };
}

function itemError(item: MassUpdateItem, status: number, endpoint: string): ZohoApiError {
  const code = item.code ?? `HTTP_${status}`;
  return new ZohoApiError(
    `massUpdate.create (${endpoint}) failed: ${code}${item.message ? ` ${item.message}` : ''} (HTTP ${status})`,
    { status, code, details: item.details ?? {}, endpoint, isRetryable: false },
  );
}
