/**
 * `client.fields` (zoho-api-metadata-sync.md §1): the org's field metadata per module, from
 * `GET /crm/{v}/settings/fields?module=X`, cached per client and module, and a zod schema that
 * reads a module's Bulk Read records into typed values.
 *
 * Scopes: `ZohoCRM.settings.fields.READ` (or `ZohoCRM.settings.fields.ALL`, `ZohoCRM.settings.ALL`).
 */
import type { ResolvedOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';
import { parseRequest, parseResponse } from '../core/validate.js';
import { buildRecordSchema, type RecordSchema, type RecordSchemaOptions } from '../fields/record-schema.js';
import { SharedCache } from '../fields/shared-cache.js';
import { fieldsResponseSchema, type ZohoField } from '../schemas/fields.js';
import { moduleNameSchema } from '../schemas/module-ref.js';

/** What `Fields` needs of the client. @internal */
export interface FieldsHost {
  readonly options: Pick<ResolvedOptions, 'apiVersion'>;
  readonly transport: Pick<Transport, 'request'>;
}

export interface FieldsListOptions {
  /** Aborts this caller's wait (the shared request stops when no caller waits any more). */
  signal?: AbortSignal | undefined;
  /** Read the fields from Zoho again instead of the cached list. @default false */
  refresh?: boolean | undefined;
}

export class Fields {
  readonly #host: FieldsHost;
  readonly #cache: SharedCache<string, readonly ZohoField[]>;
  /** Built schemas per fields list (plain and `json`), dropped with the list. */
  readonly #schemas = new WeakMap<readonly ZohoField[], Map<boolean, RecordSchema>>();

  /** @internal Built by `BulkClient`. */
  constructor(host: FieldsHost) {
    this.#host = host;
    this.#cache = new SharedCache((module, signal) => this.#read(module, signal));
  }

  /**
   * The fields of `module` with Zoho's keys kept (`api_name`, `data_type`, `field_label`,
   * `pick_list_values`, `lookup`, …). Read once per client and module, then cached; concurrent
   * callers share one request; a failure is not cached; `refresh: true` reads again. A module
   * with no field listing (Zoho's 204) gives `[]`; an unknown module rejects with `ZohoApiError`
   * code `INVALID_MODULE`. Needs the scope `ZohoCRM.settings.fields.READ`.
   */
  async list(module: string, options: FieldsListOptions = {}): Promise<ZohoField[]> {
    const name = parseRequest(moduleNameSchema, module, 'fields.list');
    return [...(await this.#cache.get(name, options))];
  }

  /**
   * A zod schema that parses one Bulk Read record of `module` (an object keyed by the CSV
   * header): each column typed by its field's `data_type` — numbers, booleans, `Date`s, string
   * arrays for multi-selects, `null` for empty cells — other columns kept as text. Use it as
   * `export(query, { schema })`; a cell that does not fit its type fails the record with a
   * `ResponseValidationError` naming the job, row and column. With `json: true`, dates and
   * datetimes stay their ISO text (for writing JSON).
   */
  async recordSchema(
    module: string,
    options: FieldsListOptions & RecordSchemaOptions = {},
  ): Promise<RecordSchema> {
    const name = parseRequest(moduleNameSchema, module, 'fields.recordSchema');
    const fields = await this.#cache.get(name, options);
    const json = options.json === true;
    let built = this.#schemas.get(fields);
    if (built === undefined) {
      built = new Map();
      this.#schemas.set(fields, built);
    }
    let schema = built.get(json);
    if (schema === undefined) {
      schema = buildRecordSchema(fields, { json });
      built.set(json, schema);
    }
    return schema;
  }

  /** Forgets the cached fields of `module` (or of every module). */
  clearCache(module?: string): void {
    this.#cache.clear(module);
  }

  async #read(module: string, signal: AbortSignal): Promise<readonly ZohoField[]> {
    const path = `/crm/${this.#host.options.apiVersion}/settings/fields`;
    const { body } = await this.#host.transport.request({
      method: 'GET',
      path,
      query: { module },
      signal,
      operation: 'fields.list',
    });
    // 204 (or an empty 200): Zoho has no field listing for this module.
    if (body === undefined) return [];
    const parsed = parseResponse(fieldsResponseSchema, body, `GET ${path}`);
    return (parsed.fields ?? []) as ZohoField[];
  }
}
