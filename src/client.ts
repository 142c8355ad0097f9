/**
 * `BulkClient`: options resolved once, a token provider, the transport. Resources
 * (`bulkRead`, `bulkWrite`, `massUpdate`) hang off it; each is a thin class over the transport
 * that depends on the client only through `ClientContext` (never on this file).
 */
import { z } from 'zod';
import { createTokenProvider } from './auth/create-token-provider.js';
import type { TokenProvider } from './auth/token-provider.js';
import { abortable } from './core/abortable.js';
import { type BulkClientOptions, type ResolvedOptions, resolveOptions } from './core/options.js';
import { Transport } from './core/transport.js';
import { parseResponse } from './core/validate.js';
import { BulkRead } from './resources/bulk-read.js';
import { BulkWrite } from './resources/bulk-write.js';
import { Fields } from './resources/fields.js';
import { MassUpdate } from './resources/mass-update.js';

const orgResponse = z.object({
  org: z.array(z.object({ zgid: z.union([z.string().min(1), z.number()]) }).loose()).min(1),
});

export class BulkClient {
  /**
   * The resolved options. `auth` holds the token provider, never the raw credentials.
   * @internal
   */
  readonly options: ResolvedOptions;
  /** @internal */
  readonly transport: Transport;

  /** Bulk Read: create and wait for export jobs, stream their records; `export()` reads every page. */
  readonly bulkRead: BulkRead;
  /** Bulk Write: upload files, create and wait for import jobs, read per-row results; `import()` does it all. */
  readonly bulkWrite: BulkWrite;
  /** Mass Update: set one field on up to 500 ids at once, or on a custom view's records as a job. */
  readonly massUpdate: MassUpdate;
  /** Field metadata: a module's fields (cached per module) and a schema for typed records. */
  readonly fields: Fields;

  #orgId: Promise<string> | undefined;
  readonly #tokens: TokenProvider;

  constructor(options: BulkClientOptions) {
    const resolved = resolveOptions(options);
    const tokens = createTokenProvider(resolved);
    // Keep the provider (secrets in private fields), not the credentials object or token string.
    this.#tokens = tokens;
    this.options = { ...resolved, auth: tokens };
    this.transport = new Transport(this.options, tokens);
    this.fields = new Fields(this);
    this.bulkRead = new BulkRead(this, this.fields);
    this.bulkWrite = new BulkWrite(this, this.fields);
    this.massUpdate = new MassUpdate(this);
  }

  /**
   * The org's `zgid` (for the `X-CRM-ORG` upload header): the `orgId` option, else fetched once
   * from `GET /crm/{v}/org` and cached. Concurrent callers share one request.
   */
  async orgId(signal?: AbortSignal): Promise<string> {
    if (this.options.orgId !== undefined) return this.options.orgId;
    if (!this.#orgId) {
      const pending = this.#fetchOrgId();
      this.#orgId = pending;
      // A failure is not cached: the next call asks again.
      pending.catch(() => {
        if (this.#orgId === pending) this.#orgId = undefined;
      });
    }
    return abortable(this.#orgId, signal);
  }

  /** Closes idle keep-alive connections (lets a CLI exit at once). The client stays usable. */
  async close(): Promise<void> {
    await Promise.all([this.transport.close(), this.#tokens.close?.()]);
  }

  async #fetchOrgId(): Promise<string> {
    const path = `/crm/${this.options.apiVersion}/org`;
    const { body } = await this.transport.request({ method: 'GET', path, operation: 'client.orgId' });
    const parsed = parseResponse(orgResponse, body, `GET ${path}`);
    return String((parsed.org[0] as { zgid: string | number }).zgid);
  }
}
