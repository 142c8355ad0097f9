/**
 * FakeZoho: an in-memory Zoho CRM (OAuth, org, Bulk Read) with deterministic generated records,
 * jobs, streamed result zips and scriptable faults, served as msw handlers or over node:http.
 * Everything goes through one `handle(Request) → Response` (router.ts).
 */
import type { Server } from 'node:http';
import type { HttpHandler } from 'msw';
import { type FakeCredentials, TokenRegistry } from './auth/token-registry.js';
import { FakeWriteControls } from './bulk-write/settings.js';
import type { FakeContext } from './context.js';
import type { ModuleDef } from './data/modules.js';
import { type FakeRecord, RecordStore } from './data/store.js';
import { deleteAndLog, deletionLog, type FakeDeletion } from './deleted/deletion-log.js';
import type { Fault, FaultHandle } from './faults.js';
import { type MswModule, mswHandlers } from './http/msw-handlers.js';
import { type FakeServer, type ListenOptions, startServer } from './http/node-server.js';
import { type FakeJob, type JobFailure, JobRegistry } from './jobs.js';
import {
  type FakeOrigins,
  type FakeZohoOptions,
  type ResolvedFakeOptions,
  resolveFakeOptions,
} from './options.js';
import type { FakeRequestLogEntry } from './request-log.js';
import { Router } from './router.js';

/** Ids of jobs, files, … start here (block 0 of the id space, after the users). */
const FIRST_OBJECT_ID = 1_500_001;

export class FakeZoho {
  /** The resolved options (defaults filled in). */
  readonly options: ResolvedFakeOptions;
  private readonly ctx: FakeContext;
  private readonly router: Router;
  private readonly groupState = new Map<string, unknown>();
  private origins: FakeOrigins;
  private objectCounter = 0;
  private servers = new Set<Server>();
  private staticToken: string | undefined;
  /** Bulk write / mass update settings (`configure({ fileIdAsNumber, massUpdateErrorStatus, … })`). */
  readonly bulkWrite: FakeWriteControls = new FakeWriteControls(() => this.ctx);

  constructor(options: FakeZohoOptions = {}) {
    this.options = resolveFakeOptions(options);
    const o = this.options;
    this.origins = { ...o.origins };
    const store = new RecordStore(o.seed, o.idPrefix, o.modules, o.now);
    const newId = (): string => store.makeId(0, FIRST_OBJECT_ID + this.objectCounter++);
    const self = this;
    this.ctx = {
      options: o,
      get origins() {
        return self.origins;
      },
      store,
      jobs: new JobRegistry({
        now: o.now,
        newId,
        pollsToComplete: o.pollsToComplete,
        jobLatency: o.jobLatency,
      }),
      tokens: new TokenRegistry(o.credentials, {
        now: o.now,
        lifetime: o.tokenLifetime,
        refreshLimit: o.refreshesPerWindow,
        seed: o.seed,
      }),
      now: o.now,
      newId,
      state: <T>(key: string, init: () => T): T => {
        if (!this.groupState.has(key)) this.groupState.set(key, init());
        return this.groupState.get(key) as T;
      },
    };
    this.router = new Router(this.ctx);
  }

  /** Client id/secret and refresh token the fake accepts, plus a ready access token. */
  get credentials(): FakeCredentials & { accessToken: string } {
    this.staticToken ??= this.ctx.tokens.issueStatic();
    return { ...this.options.credentials, accessToken: this.staticToken };
  }

  /** Current origins (all equal to the server URL while `listen()` runs). */
  get urls(): Readonly<FakeOrigins> {
    return { ...this.origins };
  }

  /** Every request seen, in order (secrets redacted). */
  get requests(): readonly FakeRequestLogEntry[] {
    return this.router.log;
  }

  /** The whole fake: one web Request in, one Response out. */
  handle(request: Request): Promise<Response> {
    return this.router.handle(request);
  }

  /**
   * msw request handlers for the fake's origins (`setupServer(...fake.handlers())`).
   * @param msw the msw module to build them with. @default `require('msw')`
   */
  handlers(msw?: MswModule): HttpHandler[] {
    return mswHandlers(Object.values(this.origins), (request) => this.handle(request), msw);
  }

  /** Serves the fake over HTTP on 127.0.0.1; every origin becomes the returned `url` until `close()`. */
  async listen(options: ListenOptions = {}): Promise<FakeServer> {
    const { server, url } = await startServer((request) => this.handle(request), options);
    this.servers.add(server);
    this.origins = { api: url, accounts: url, upload: url, download: url };
    return {
      url,
      close: async () => {
        this.servers.delete(server);
        if (this.servers.size === 0) this.origins = { ...this.options.origins };
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  /** Adds a fault; the handle removes it and counts its hits. */
  inject(fault: Fault): FaultHandle {
    return this.router.faults.add(fault);
  }

  /** The next job created (of `kind`, default any) ends in the failure state. */
  failNextJob(failure: Partial<JobFailure> & { kind?: string } = {}): void {
    this.ctx.jobs.failNext(
      {
        code: failure.code ?? 'INTERNAL_SERVER_ERROR',
        message: failure.message ?? 'Internal server error occurred.',
      },
      failure.kind,
    );
  }

  /** Every access token issued so far expires now. */
  expireTokens(): void {
    this.ctx.tokens.expireAll();
  }

  /** A single-use grant code for the `authorization_code` grant (valid 3 minutes of the fake clock). */
  createGrantCode(): string {
    return this.ctx.tokens.createGrantCode();
  }

  /** A valid access token not tied to a refresh token. @param lifetime ms, default `tokenLifetime` */
  issueAccessToken(lifetime?: number): string {
    return this.ctx.tokens.issueStatic(lifetime);
  }

  /** Module names, as configured. */
  modules(): string[] {
    return this.ctx.store.moduleNames();
  }

  /** Field api names of a module in export order (without `Id`). */
  fields(module: string): string[] {
    return this.ctx.store.fieldNames(module);
  }

  /** Field definitions (api name, data type, lookup target). */
  fieldDefs(module: string): Pick<ModuleDef['fields'][number], 'api_name' | 'data_type' | 'lookup'>[] {
    return (this.ctx.store.module(module)?.fields ?? []).map(({ api_name, data_type, lookup }) =>
      lookup === undefined ? { api_name, data_type } : { api_name, data_type, lookup },
    );
  }

  /** Number of records of a module (deleted ones excluded). */
  count(module: string): number {
    return this.ctx.store.count(module);
  }

  /** Record at `index` (position, 0-based) as CSV text keyed by field name, `Id` first. */
  record(module: string, index: number): FakeRecord | undefined {
    return this.ctx.store.record(module, index);
  }

  /** Every record of a module, generated one at a time (optionally with `Lookup.Field` columns). */
  *records(module: string, options: { columns?: readonly string[] } = {}): Generator<FakeRecord> {
    const store = this.ctx.store;
    const getters = (options.columns ?? []).map((column) => [column, store.column(module, column)] as const);
    const size = store.size(module);
    for (let position = 0; position < size; position++) {
      const record = store.record(module, position);
      if (!record) continue;
      if (getters.length > 0) {
        const values = store.values(module, position) ?? [];
        for (const [column, getter] of getters) record[column] = getter?.(values, position) ?? '';
      }
      yield record;
    }
  }

  /** Adds a record (overlay); returns its id. */
  insertRecord(module: string, values: FakeRecord): string {
    return this.ctx.store.insert(module, values);
  }

  /** Changes a record's fields; false when there is no such record. */
  updateRecord(module: string, id: string, values: FakeRecord): boolean {
    return this.ctx.store.update(module, id, values);
  }

  /**
   * Deletes a record (to the recycle bin, or `permanent`), listed by `GET /crm/{v}/{module}/deleted`
   * for Zoho's retention (60 / 120 days of the fake clock); false when there is no such record.
   */
  deleteRecord(module: string, id: string, options: { permanent?: boolean } = {}): boolean {
    return deleteAndLog(this.ctx, module, id, options.permanent ? 'permanent' : 'recycle');
  }

  /** Deletions still listed by the deleted-records route (newest first). */
  deletions(module: string): FakeDeletion[] {
    return deletionLog(this.ctx).list(module, this.ctx.now());
  }

  /** Jobs created so far (all kinds, or one kind: 'bulkRead', …). */
  jobs(kind?: string): FakeJob[] {
    return this.ctx.jobs.list(kind);
  }

  /** Back to the state after construction: records, jobs, tokens, faults and the request log. */
  reset(): void {
    this.ctx.store.reset();
    this.ctx.jobs.clear();
    this.ctx.tokens.reset();
    this.router.faults.clear();
    this.router.log.length = 0;
    this.groupState.clear();
    this.objectCounter = 0;
    this.staticToken = undefined;
  }
}
