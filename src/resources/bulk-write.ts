/**
 * `client.bulkWrite` (zoho-api.md §3): upload a zip, create a job, poll it, read its result file,
 * or do all of it for any number of records with `import`. Thin: validation and response shapes
 * live in `src/schemas/bulk-write.ts`, the upload file in `bulk-write-upload.ts`, the import
 * workflow in `src/import/` (`run-import.ts` walks its steps).
 */
import type { ClientContext } from '../core/client-context.js';
import { isObject } from '../core/envelope.js';
import { pollJob, type WaitOptions } from '../core/poller.js';
import { parseRequest, parseResponse } from '../core/validate.js';
import { bulkWriteFailure, bulkWriteResultUrl } from '../download/bulk-write-result.js';
import { readResultFile } from '../download/result-file.js';
import type { BulkWriteImportOptions, BulkWriteImportParams, ImportDeps } from '../import/import-params.js';
import { type BulkWriteCheckReport, runCheck } from '../import/preflight/run-check.js';
import { readResultZip } from '../import/result-zip.js';
import { runImport } from '../import/run-import.js';
import {
  type BulkWriteCreated,
  type BulkWriteJob,
  bulkWriteJobSchema,
  classifyBulkWriteJob,
  createResponseSchema,
  type UploadedFile,
  uploadResponseSchema,
} from '../schemas/bulk-write.js';
import {
  type BulkWriteCreateBody,
  bulkWriteCreateBodySchema,
  versionNumber,
} from '../schemas/bulk-write-body.js';
import { checkJobId } from '../schemas/ids.js';
import { type BulkWriteRowResult, toBulkWriteRowResult } from '../schemas/row-errors.js';
import { prepareUpload, type UploadInput, type UploadOptions } from './bulk-write-upload.js';
import { Fields } from './fields.js';
import type { RequestOptions } from './request-options.js';

/** `waitFor` options: `WaitOptions` plus `wake`. */
export interface BulkWriteWaitOptions extends WaitOptions<BulkWriteJob> {
  /** Ends a poll sleep early when it settles (e.g. `hub.waitFor(jobId)` of a `CallbackHub`); the job is still read. @default none */
  wake?: Promise<unknown> | undefined;
}

export interface BulkWriteResultsOptions extends RequestOptions {
  /** Retries of a result download that fails part-way (reset, timeout, 5xx); rows already delivered are skipped, never repeated. @default 5 */
  maxRetries?: number | undefined;
}

export class BulkWrite {
  readonly #client: ClientContext;
  readonly #fields: Pick<Fields, 'list'>;

  /** @internal Built by `BulkClient`. */
  constructor(client: ClientContext, fields: Pick<Fields, 'list'> = new Fields(client)) {
    this.#client = client;
    this.#fields = fields;
  }

  get #version(): string {
    return this.#client.options.apiVersion;
  }

  /**
   * Uploads one file and returns its `file_id` (a string). `input`: zip bytes (sent as they are),
   * CSV text or bytes (zipped), or records (written as CSV and zipped while they stream). Refused
   * before sending: more than 25,000 rows, 200 columns or 25 MB zipped. Never resent after a
   * failure whose effect is unknown (a 5xx, a reset).
   */
  async upload(input: UploadInput, opts: UploadOptions = {}): Promise<UploadedFile> {
    const prepared = await prepareUpload(input, opts);
    const zipName = (opts.fileName ?? 'records.csv').replace(/\.csv$/i, '') || 'records';
    return this.#send(prepared.zip, `${zipName}.zip`, opts.signal);
  }

  /** POSTs a checked zip to the upload host, with `feature: bulk-write` and `X-CRM-ORG`. */
  async #send(zip: Uint8Array, fileName: string, signal: AbortSignal | undefined): Promise<UploadedFile> {
    const orgId = await this.#client.orgId(signal);
    const form = new FormData();
    form.append('file', new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), fileName);
    const path = `/crm/${this.#version}/upload`;
    const { body } = await this.#client.transport.request({
      method: 'POST',
      path,
      origin: 'upload',
      body: form,
      headers: { feature: 'bulk-write', 'X-CRM-ORG': orgId },
      signal,
      idempotent: false,
      operation: 'bulkWrite.upload',
    });
    return parseResponse(uploadResponseSchema, body, `POST ${path}`).details;
  }

  /**
   * Creates a job (`POST /crm/bulk/{v}/write`) and returns `details` of the answer: `id` is the job
   * id. `module` may be a string or `{ api_name }`; it is sent the way the API version expects.
   */
  async create(body: BulkWriteCreateBody, opts: RequestOptions = {}): Promise<BulkWriteCreated> {
    const version = this.#version;
    const valid = parseRequest(bulkWriteCreateBodySchema(version), body, 'bulkWrite.create');
    const legacy = versionNumber(version) < 2.1;
    const wire = {
      ...valid,
      resource: valid.resource.map((r) => ({
        ...r,
        type: r.type ?? 'data',
        module: legacy
          ? typeof r.module === 'string'
            ? r.module
            : r.module.api_name
          : typeof r.module === 'string'
            ? { api_name: r.module }
            : r.module,
      })),
    };
    const path = `/crm/bulk/${version}/write`;
    const { body: answer } = await this.#client.transport.request({
      method: 'POST',
      path,
      json: wire,
      signal: opts.signal,
      idempotent: false,
      operation: 'bulkWrite.create',
    });
    return parseResponse(createResponseSchema, answer, `POST ${path}`).details;
  }

  /**
   * Reads a job (`GET /crm/bulk/{v}/write/{id}`; the answer is not wrapped in `data`). Keys Zoho
   * sends as `null` read as `undefined`; a job without a top-level `id` (Zoho's parent-child
   * sample) gets the id asked for.
   */
  async get(jobId: string, opts: RequestOptions = {}): Promise<BulkWriteJob> {
    const id = checkJobId(jobId, 'bulkWrite.get');
    const path = `/crm/bulk/${this.#version}/write/${id}`;
    const { body } = await this.#client.transport.request({
      method: 'GET',
      path,
      signal: opts.signal,
      operation: 'bulkWrite.get',
    });
    // Tolerate a `data[]` wrapper, should Zoho ever add one.
    const value =
      isObject(body) && Array.isArray(body.data) && body.data.length > 0 && body.id === undefined
        ? body.data[0]
        : body;
    return parseResponse(bulkWriteJobSchema(id), value, `GET ${path}`);
  }

  /**
   * Polls until the job is COMPLETED. FAILED (and SKIPPED) reject with `JobFailedError`
   * carrying the job; unknown states keep polling; a timeout rejects with `PollTimeoutError`.
   */
  async waitFor(jobId: string, opts: BulkWriteWaitOptions = {}): Promise<BulkWriteJob> {
    const id = checkJobId(jobId, 'bulkWrite.waitFor');
    const { options } = this.#client;
    return pollJob<BulkWriteJob>({
      ...opts,
      jobId: id,
      read: (signal) => this.get(id, { signal }),
      classify: classifyBulkWriteJob,
      failureMessage: bulkWriteFailure,
      clock: options.clock,
      defaults: options.poll,
    });
  }

  /**
   * The rows of a finished job's result file, each with `status`, `recordId` (null when Zoho wrote
   * none), `errors` (the ERRORS cell parsed) and the `row` as Zoho wrote it. A download that
   * fails part-way is retried and resumed: every row is delivered once, in order.
   * @throws JobFailedError for a failed job, RequestValidationError for one still running,
   *   DownloadError for a COMPLETED job without `download_url` or a file that cannot be read
   */
  async *results(
    jobOrId: string | BulkWriteJob,
    opts: BulkWriteResultsOptions = {},
  ): AsyncGenerator<BulkWriteRowResult, void, undefined> {
    const endpoint = 'bulkWrite.results';
    const job =
      typeof jobOrId === 'string'
        ? await this.get(jobOrId, opts)
        : parseRequest(bulkWriteJobSchema(), jobOrId, endpoint);
    const url = bulkWriteResultUrl(job, endpoint);
    const rows = readResultFile(this.#client, {
      url,
      jobId: job.id,
      operation: endpoint,
      signal: opts.signal,
      maxRetries: opts.maxRetries,
    });
    for await (const row of rows) yield toBulkWriteRowResult(row);
  }

  /**
   * Imports any number of records: splits them into as few files as Zoho's limits allow (25,000
   * rows, 25 MB zipped — every job costs API credits), uploads, creates and waits for each job,
   * and yields one result per input record, in input order, with its `index`. Before any upload,
   * `preflight` (default `'auto'`) checks the columns against the module's fields and writes each
   * value by its field's type; see `BulkWriteImportOptions.preflight`.
   */
  import(
    params: BulkWriteImportParams,
    opts: BulkWriteImportOptions = {},
  ): AsyncGenerator<BulkWriteRowResult, void, undefined> {
    return runImport(this.#importDeps(), params, opts);
  }

  /**
   * A dry run of `import(params, opts)`: reads every record, uploads nothing, and reports the
   * files and jobs the import would make, the API credits they would cost (500 per job), the
   * column problems and every row whose values Zoho would skip, with counts per problem code.
   * Reads the module's fields (scope `ZohoCRM.settings.fields.READ`); `opts.preflight` decides,
   * as for `import`, what happens when they cannot be read and which rows count as sent.
   */
  check(params: BulkWriteImportParams, opts: BulkWriteImportOptions = {}): Promise<BulkWriteCheckReport> {
    return runCheck(this.#importDeps(), params, opts);
  }

  #importDeps(): ImportDeps {
    return {
      uploadZip: (zip, fileName, signal) => this.#send(zip, fileName.replace(/\.csv$/i, '.zip'), signal),
      create: (body, o) => this.create(body, o),
      waitFor: (jobId, o) => this.waitFor(jobId, o),
      results: (job, o) => this.results(job, o),
      apiVersion: () => this.#version,
      resultZip: (job, o) => readResultZip(this.#client, job, o),
      fields: (module, signal) => this.#fields.list(module, { signal }),
      log: this.#client.options.logger,
    };
  }
}
