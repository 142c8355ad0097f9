/**
 * An in-memory CliClient for command tests. `bulkRead.export` pages through generated records the
 * way the library does: progress events of the library's shapes, a checkpoint after every page
 * (`complete: true` after the last one), `resume` continuing after the checkpoint's `totalRecords`.
 * `bulkWrite.import` answers per row from a rule; `massUpdate` records its calls.
 */
import type {
  BulkReadExportOptions,
  BulkReadJob,
  BulkWriteImportParams,
  BulkWriteJob,
  BulkWriteRowResult,
  CliClient,
  CliRecord,
  ExportCheckpoint,
  ExportQuery,
  MassUpdateBody,
  MassUpdateRowResult,
  MassUpdateStatus,
  WaitCallOptions,
} from '../../../src/cli/client-types.js';
import type { BulkWriteImportOptions } from '../../../src/import/import-params.js';

export function makeRecords(count: number): CliRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    Id: String(4876876000001000000n + BigInt(i)),
    Last_Name: i % 7 === 0 ? `O'Neil, "Jr" ${i}` : `Name ${i}`,
    Description: i % 11 === 0 ? 'line one\nline two' : '',
  }));
}

/** A checkpoint as the library writes it (for `module` with no other query key). */
export function checkpointAt(
  module: string,
  fields: Pick<ExportCheckpoint, 'page' | 'recordsInPage' | 'totalRecords'> & { complete?: boolean },
): ExportCheckpoint {
  return {
    version: 1,
    module,
    query: { module },
    jobId: String(4876876000002000000n + BigInt(fields.page)),
    createdAt: '2024-07-20T10:04:11.000Z',
    ...fields,
  };
}

export interface FakeClientOptions {
  records?: CliRecord[];
  pageSize?: number;
  /** Called before each record is yielded (0-based overall index); may throw or abort. */
  beforeRecord?: (index: number) => void;
  importRule?: (record: CliRecord, index: number) => Omit<BulkWriteRowResult, 'index' | 'row'>;
  massUpdateResults?: (ids: string[]) => Array<Partial<MassUpdateRowResult> & { id: string; status: string }>;
}

const COMPLETED_STATUS: MassUpdateStatus = {
  Status: 'COMPLETED',
  Updated_Count: 50,
  Failed_Count: 0,
  Not_Updated_Count: 0,
  Total_Count: 50,
};

export class FakeCliClient implements CliClient {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly imported: CliRecord[] = [];
  readonly records: CliRecord[];
  readonly pageSize: number;
  closed = 0;

  constructor(private readonly options: FakeClientOptions = {}) {
    this.records = options.records ?? makeRecords(25);
    this.pageSize = options.pageSize ?? 10;
  }

  async close(): Promise<void> {
    this.closed++;
  }

  private async *exportRecords(
    query: ExportQuery,
    opts: BulkReadExportOptions = {},
  ): AsyncGenerator<CliRecord, void, undefined> {
    this.calls.push({ method: 'bulkRead.export', args: [query, { resume: opts.resume }] });
    if (opts.resume?.complete) return;
    const module = typeof query.module === 'string' ? query.module : query.module.api_name;
    const size = this.pageSize;
    const pages = Math.max(1, Math.ceil(this.records.length / size));
    let total = opts.resume?.totalRecords ?? 0;
    for (let page = Math.floor(total / size) + 1; page <= pages; page++) {
      opts.signal?.throwIfAborted();
      const jobId = String(4876876000002000000n + BigInt(page));
      const job: BulkReadJob = { id: jobId, state: 'COMPLETED' };
      opts.onProgress?.({ type: 'job', page, jobId, state: 'COMPLETED', job });
      const from = (page - 1) * size;
      const to = Math.min(from + size, this.records.length);
      const moreRecords = page < pages;
      const skip = total - from;
      opts.onProgress?.({ type: 'page-start', page, jobId, count: to - from, skip, moreRecords });
      for (let i = total; i < to; i++) {
        this.options.beforeRecord?.(i);
        opts.signal?.throwIfAborted();
        yield this.records[i] as CliRecord;
        total++;
      }
      const counts = { page, jobId, recordsInPage: to - from, totalRecords: total, bytes: 0 };
      opts.onProgress?.({ type: 'page-complete', ...counts, moreRecords });
      await opts.onCheckpoint?.(
        moreRecords
          ? checkpointAt(module, { page: page + 1, recordsInPage: 0, totalRecords: total })
          : checkpointAt(module, { page, recordsInPage: to - from, totalRecords: total, complete: true }),
      );
    }
  }

  readonly bulkRead: CliClient['bulkRead'] = {
    export: ((query: ExportQuery, opts?: BulkReadExportOptions) =>
      this.exportRecords(query, opts)) as CliClient['bulkRead']['export'],
    changes: () => {
      throw new Error(
        'FakeCliClient: bulkRead.changes is not scripted (test/cli/sync.test.ts uses FakeZoho)',
      );
    },
    get: async (jobId: string): Promise<BulkReadJob> => {
      this.calls.push({ method: 'bulkRead.get', args: [jobId] });
      return {
        id: jobId,
        state: 'COMPLETED',
        query: { module: { api_name: 'Contacts' }, page: 1 },
        result: {
          page: 1,
          count: 1588,
          more_records: false,
          download_url: `/crm/bulk/v8/read/${jobId}/result`,
        },
      };
    },
    waitFor: async (jobId: string, opts?: WaitCallOptions<BulkReadJob>): Promise<BulkReadJob> => {
      opts?.onProgress?.({ id: jobId, state: 'IN PROGRESS' });
      return this.bulkRead.get(jobId);
    },
  };

  private async *importRecords(
    params: BulkWriteImportParams,
    opts: BulkWriteImportOptions = {},
  ): AsyncGenerator<BulkWriteRowResult, void, undefined> {
    this.calls.push({ method: 'bulkWrite.import', args: [{ ...params, records: '<records>' }] });
    const rule =
      this.options.importRule ??
      ((_r: CliRecord, i: number) => ({ status: 'ADDED', recordId: String(9000 + i), errors: [] }));
    const chunk = { index: 0, firstIndex: 0, lastIndex: 0, rows: 0 };
    opts.onProgress?.({ type: 'uploaded', chunk, fileId: '1', chunksUploaded: 1 });
    let index = 0;
    for await (const input of params.records) {
      const record = input as CliRecord;
      this.imported.push(record);
      yield { ...rule(record, index), index, row: { ...record } };
      index++;
    }
  }

  readonly fields: CliClient['fields'] = {
    list: async () => {
      throw new Error('FakeCliClient: fields are not scripted (test/cli/types.test.ts uses msw)');
    },
    recordSchema: async () => {
      throw new Error('FakeCliClient: fields are not scripted (test/cli/types.test.ts uses msw)');
    },
  };

  readonly bulkWrite: CliClient['bulkWrite'] = {
    import: (params, opts) => this.importRecords(params, opts),
    check: async () => {
      throw new Error('the in-memory client has no check(); dry runs are tested against FakeZoho');
    },
    get: async (jobId: string): Promise<BulkWriteJob> => ({
      id: jobId,
      status: 'COMPLETED',
      operation: 'insert',
      resource: [
        {
          status: 'COMPLETED',
          module: { api_name: 'Leads' },
          file: { added_count: 9, updated_count: 0, skipped_count: 2, total_count: 11 },
        },
      ],
    }),
    waitFor: async (jobId: string): Promise<BulkWriteJob> => this.bulkWrite.get(jobId),
  };

  private async massUpdateCreate(
    module: string,
    body: MassUpdateBody,
  ): Promise<{ job_id: string } | { results: MassUpdateRowResult[] }> {
    this.calls.push({ method: 'massUpdate.create', args: [module, body] });
    if (body.cvid !== undefined) return { job_id: '4876876000000506003' };
    const ids = body.ids ?? [];
    const results =
      this.options.massUpdateResults?.(ids) ??
      ids.map((id) => ({ id, status: 'success', code: 'SUCCESS', message: 'record updated' }));
    return { results: results.map((r) => ({ code: '', message: '', details: {}, ...r })) };
  }

  readonly massUpdate: CliClient['massUpdate'] = {
    create: ((module: string, body: MassUpdateBody) =>
      this.massUpdateCreate(module, body)) as CliClient['massUpdate']['create'],
    get: async (module: string, jobId: string): Promise<MassUpdateStatus> => {
      this.calls.push({ method: 'massUpdate.get', args: [module, jobId] });
      return { ...COMPLETED_STATUS };
    },
    waitFor: async (
      module: string,
      jobId: string,
      opts?: WaitCallOptions<MassUpdateStatus>,
    ): Promise<MassUpdateStatus> => {
      this.calls.push({ method: 'massUpdate.waitFor', args: [module, jobId] });
      opts?.onProgress?.({ Status: 'RUNNING', Updated_Count: 20, Total_Count: 50 });
      return { ...COMPLETED_STATUS };
    },
  };
}
