/**
 * `client.bulkRead`: Zoho CRM Bulk Read (zoho-api.md §2) — create a job, read it, wait for it,
 * stream one job's records. `export` (every record of every page) is the workflow in
 * `src/export/`; this resource hands itself over to it.
 */
import type { z } from 'zod';
import type { ClientContext } from '../core/client-context.js';
import { pollJob } from '../core/poller.js';
import { parseResponse } from '../core/validate.js';
import type { ExportContext } from '../export/context.js';
import { exportRecords } from '../export/export-pages.js';
import type { TypedRecord } from '../fields/record-schema.js';
import { resolveTypedSchema } from '../fields/typed-schema.js';
import {
  type BulkReadJob,
  bulkReadCreateResponseSchema,
  bulkReadGetResponseSchema,
  classifyBulkReadJob,
} from '../schemas/bulk-read.js';
import type { BulkReadCreateBody } from '../schemas/bulk-read-body.js';
import { checkJobId } from '../schemas/ids.js';
import { changes as syncChanges } from '../sync/changes.js';
import type { ChangeEvent, ChangesOptions, ChangesQuery } from '../sync/options.js';
import type {
  BulkReadExportOptions,
  BulkReadExportQuery,
  BulkReadRecordsOptions,
  BulkReadWaitOptions,
} from './bulk-read-options.js';
import { failureReason, readRecords } from './bulk-read-records.js';
import { createBodyFor } from './bulk-read-request.js';
import type { Fields } from './fields.js';
import type { RequestOptions } from './request-options.js';

/** A record of a result file: keyed by the CSV header, values are the CSV text. */
export type BulkReadRecord = Record<string, string>;

export class BulkRead {
  readonly #client: ClientContext;
  readonly #fields: Pick<Fields, 'recordSchema'>;

  /** @internal Built by `BulkClient`. */
  constructor(client: ClientContext, fields: Pick<Fields, 'recordSchema'>) {
    this.#client = client;
    this.#fields = fields;
  }

  get #base(): string {
    return `/crm/bulk/${this.#client.options.apiVersion}/read`;
  }

  /**
   * Creates a bulk-read job (`POST /crm/bulk/{v}/read`, never resent blindly: each costs credits).
   * `query.module` may be a string; it is sent in the client's API version's shape, and so are
   * criteria. The body is validated first (criteria limits, ≤ 200 fields, no fields with ICS).
   * @returns the created job (`details` of `data[0]`): `job.id`, `job.state` ('ADDED').
   */
  async create(body: BulkReadCreateBody, options: RequestOptions = {}): Promise<BulkReadJob> {
    return (await this.#create(body, options)).job;
  }

  /** `create`, with the response's `Date` header (Zoho's clock, for `changes`). */
  async #create(
    body: BulkReadCreateBody,
    options: RequestOptions,
  ): Promise<{ job: BulkReadJob; date: string | null }> {
    const path = this.#base;
    const json = createBodyFor(body, this.#client.options.apiVersion, 'bulkRead.create');
    const response = await this.#client.transport.request({
      method: 'POST',
      path,
      json,
      signal: options.signal,
      operation: 'bulkRead.create',
    });
    const job = parseResponse(bulkReadCreateResponseSchema, response.body, `POST ${path}`).data[0].details;
    return { job, date: response.headers.get('date') };
  }

  /** Reads a job (`GET /crm/bulk/{v}/read/{id}`), `data[0]` unwrapped. */
  async get(jobId: string, options: RequestOptions = {}): Promise<BulkReadJob> {
    const id = checkJobId(jobId, 'bulkRead.get');
    const path = `${this.#base}/${id}`;
    const response = await this.#client.transport.request({
      method: 'GET',
      path,
      signal: options.signal,
      operation: 'bulkRead.get',
    });
    return parseResponse(bulkReadGetResponseSchema, response.body, `GET ${path}`).data[0];
  }

  /**
   * Polls the job with back-off until it is COMPLETED. Unknown states keep polling. A COMPLETED
   * job is returned as Zoho sent it; what reading its records needs is checked by `records`.
   * @throws JobFailedError (with the job) on FAILED / FAILURE
   * @throws PollTimeoutError (with the job id) after `timeout`; the job is left alone
   */
  async waitFor(jobId: string, options: BulkReadWaitOptions = {}): Promise<BulkReadJob> {
    const id = checkJobId(jobId, 'bulkRead.waitFor');
    const { wake, ...wait } = options;
    wake?.catch(() => {});
    const { clock, poll } = this.#client.options;
    return pollJob<BulkReadJob>({
      ...wait,
      jobId: id,
      read: (signal) => this.get(id, { signal }),
      classify: classifyBulkReadJob,
      failureMessage: failureReason,
      clock,
      defaults: poll,
      wake,
    });
  }

  /**
   * The records of one COMPLETED job (an id is read first), downloaded and parsed as they are
   * consumed. A download that fails part-way is retried and resumed: every record exactly once.
   * `break` cancels the download.
   * @throws JobFailedError for a failed job, RequestValidationError for one still running,
   *   DownloadError for a COMPLETED job without `download_url` or a file that cannot be read
   */
  records<S extends z.ZodType>(
    jobOrId: BulkReadJob | string,
    options: BulkReadRecordsOptions & { schema: S },
  ): AsyncGenerator<z.output<S>, void, undefined>;
  records(
    jobOrId: BulkReadJob | string,
    options: BulkReadRecordsOptions & { typed: true; schema?: undefined },
  ): AsyncGenerator<TypedRecord, void, undefined>;
  records(
    jobOrId: BulkReadJob | string,
    options?: BulkReadRecordsOptions & { schema?: undefined; typed?: false | undefined },
  ): AsyncGenerator<BulkReadRecord, void, undefined>;
  records(
    jobOrId: BulkReadJob | string,
    options: BulkReadRecordsOptions = {},
  ): AsyncGenerator<unknown, void, undefined> {
    return this.#recordsOf(jobOrId, options);
  }

  /**
   * Every record of every page of `query` (module, fields, criteria, cvid). The next page's job
   * is created as soon as the current one completes, so Zoho prepares it while this page streams.
   * See `BulkReadExportOptions` for progress events, checkpoints and `resume`.
   */
  export<S extends z.ZodType>(
    query: BulkReadExportQuery,
    options: BulkReadExportOptions & { schema: S },
  ): AsyncGenerator<z.output<S>, void, undefined>;
  export(
    query: BulkReadExportQuery,
    options: BulkReadExportOptions & { typed: true; schema?: undefined },
  ): AsyncGenerator<TypedRecord, void, undefined>;
  export(
    query: BulkReadExportQuery,
    options?: BulkReadExportOptions & { schema?: undefined; typed?: false | undefined },
  ): AsyncGenerator<BulkReadRecord, void, undefined>;
  export(
    query: BulkReadExportQuery,
    options: BulkReadExportOptions = {},
  ): AsyncGenerator<unknown, void, undefined> {
    if (options.typed === true) return this.#typedExport(query, options);
    return exportRecords(this.#exportContext, query, options);
  }

  /** `typed: true`: the module's record schema (field metadata, cached) is read before the first job. */
  async *#typedExport(
    query: BulkReadExportQuery,
    options: BulkReadExportOptions,
  ): AsyncGenerator<unknown, void, undefined> {
    const schema = await resolveTypedSchema(this.#fields, query.module, options, 'bulkRead.export');
    yield* exportRecords(this.#exportContext, query, { ...options, typed: undefined, schema });
  }

  /**
   * What changed since `query.since` (a cursor from an earlier run; absent: every record): upserts
   * from an export on `Modified_Time`, then deletions from `GET /crm/{v}/{module}/deleted`.
   * `onCursor` receives the next run's cursor once, after the last event. See `src/sync/`.
   */
  changes(query: ChangesQuery, options: ChangesOptions = {}): AsyncGenerator<ChangeEvent, void, undefined> {
    return syncChanges(
      {
        client: this.#client,
        export: this.#exportContext,
        createWithDate: (body, o) => this.#create(body, o),
      },
      query,
      options,
    );
  }

  get #exportContext(): ExportContext {
    const { options: resolved } = this.#client;
    return {
      version: resolved.apiVersion,
      now: () => resolved.clock.now(),
      create: (body, o) => this.create(body, o),
      waitFor: (jobId, o) => this.waitFor(jobId, o),
      records: (job, o) => this.#recordsOf(job, o),
    };
  }

  #recordsOf(
    jobOrId: BulkReadJob | string,
    options: BulkReadRecordsOptions,
  ): AsyncGenerator<unknown, void, undefined> {
    if (options.typed === true) return this.#typedRecords(jobOrId, options);
    return readRecords({ client: this.#client, get: (id, o) => this.get(id, o) }, jobOrId, options);
  }

  /** `typed: true`: the job is read (when given by id) for its module, then its record schema. */
  async *#typedRecords(
    jobOrId: BulkReadJob | string,
    options: BulkReadRecordsOptions,
  ): AsyncGenerator<unknown, void, undefined> {
    const { signal } = options;
    const job = typeof jobOrId === 'string' ? await this.get(jobOrId, { signal }) : jobOrId;
    const schema = await resolveTypedSchema(this.#fields, job.query?.module, options, 'bulkRead.records');
    yield* this.#recordsOf(job, { ...options, typed: undefined, schema });
  }
}
