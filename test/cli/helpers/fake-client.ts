/**
 * An in-memory CliClient for command tests: `bulkRead.export` pages through generated records and
 * reports a checkpoint between pages (resume = the page to start at), `bulkWrite.import` answers
 * per row from a rule, `massUpdate` records its calls.
 */
import type {
  BulkReadJobView,
  BulkWriteJobView,
  BulkWriteRowResult,
  CliClient,
  CliRecord,
  ExportCallOptions,
  ExportQuery,
  ImportCallOptions,
  ImportParams,
  MassUpdateBody,
  MassUpdateCreated,
  MassUpdateStatusView,
  WaitCallOptions,
} from '../../../src/cli/client-types.js';

export function makeRecords(count: number): CliRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    Id: String(4876876000001000000n + BigInt(i)),
    Last_Name: i % 7 === 0 ? `O'Neil, "Jr" ${i}` : `Name ${i}`,
    Description: i % 11 === 0 ? 'line one\nline two' : '',
  }));
}

export interface FakeClientOptions {
  records?: CliRecord[];
  pageSize?: number;
  /** Called before each record is yielded (0-based overall index); may throw or abort. */
  beforeRecord?: (index: number) => void;
  importRule?: (record: CliRecord, index: number) => Omit<BulkWriteRowResult, 'index' | 'row'>;
  massUpdateResults?: (ids: string[]) => MassUpdateCreated['results'];
}

export class FakeCliClient implements CliClient {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly imported: CliRecord[] = [];
  readonly records: CliRecord[];
  readonly pageSize: number;

  constructor(private readonly options: FakeClientOptions = {}) {
    this.records = options.records ?? makeRecords(25);
    this.pageSize = options.pageSize ?? 10;
  }

  readonly bulkRead = {
    export: (query: ExportQuery, opts: ExportCallOptions = {}): AsyncIterable<CliRecord> => {
      this.calls.push({ method: 'bulkRead.export', args: [query, { resume: opts.resume }] });
      const self = this;
      return (async function* () {
        const startPage =
          typeof opts.resume === 'object' && opts.resume !== null
            ? (opts.resume as { page: number }).page
            : 1;
        const pages = Math.max(1, Math.ceil(self.records.length / self.pageSize));
        for (let page = startPage; page <= pages; page++) {
          opts.signal?.throwIfAborted();
          opts.onProgress?.({ page, state: 'COMPLETED', jobId: `job-${page}` });
          const from = (page - 1) * self.pageSize;
          for (let i = from; i < Math.min(from + self.pageSize, self.records.length); i++) {
            self.options.beforeRecord?.(i);
            opts.signal?.throwIfAborted();
            yield self.records[i] as CliRecord;
          }
          if (page < pages) await opts.onCheckpoint?.({ page: page + 1 });
        }
      })();
    },
    get: async (jobId: string): Promise<BulkReadJobView> => {
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
    waitFor: async (jobId: string, opts?: WaitCallOptions): Promise<BulkReadJobView> => {
      opts?.onProgress?.({ id: jobId, state: 'IN PROGRESS' });
      return this.bulkRead.get(jobId);
    },
  };

  readonly bulkWrite = {
    import: (params: ImportParams, opts: ImportCallOptions = {}): AsyncIterable<BulkWriteRowResult> => {
      this.calls.push({ method: 'bulkWrite.import', args: [{ ...params, records: '<records>' }] });
      const self = this;
      const rule =
        this.options.importRule ??
        ((_r: CliRecord, i: number) => ({ status: 'ADDED', recordId: String(9000 + i), errors: [] }));
      return (async function* () {
        let index = 0;
        opts.onProgress?.({ phase: 'uploading', state: 'ADDED' });
        for await (const record of params.records) {
          self.imported.push(record);
          yield { ...rule(record, index), index, row: { ...record } };
          index++;
        }
      })();
    },
    get: async (jobId: string): Promise<BulkWriteJobView> => ({
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
    waitFor: async (jobId: string): Promise<BulkWriteJobView> => this.bulkWrite.get(jobId),
  };

  readonly massUpdate = {
    create: async (module: string, body: MassUpdateBody): Promise<MassUpdateCreated> => {
      this.calls.push({ method: 'massUpdate.create', args: [module, body] });
      if (body.cvid !== undefined) return { job_id: '4876876000000506003' };
      const ids = body.ids ?? [];
      return {
        results:
          this.options.massUpdateResults?.(ids) ??
          ids.map((id) => ({ id, status: 'success', code: 'SUCCESS', message: 'record updated' })),
      };
    },
    get: async (module: string, jobId: string): Promise<MassUpdateStatusView> => {
      this.calls.push({ method: 'massUpdate.get', args: [module, jobId] });
      return {
        Status: 'COMPLETED',
        Updated_Count: 50,
        Failed_Count: 0,
        Not_Updated_Count: 0,
        Total_Count: 50,
      };
    },
    waitFor: async (module: string, jobId: string, opts?: WaitCallOptions): Promise<MassUpdateStatusView> => {
      this.calls.push({ method: 'massUpdate.waitFor', args: [module, jobId] });
      opts?.onProgress?.({ Status: 'RUNNING', Updated_Count: 20, Total_Count: 50 });
      return {
        Status: 'COMPLETED',
        Updated_Count: 50,
        Failed_Count: 0,
        Not_Updated_Count: 0,
        Total_Count: 50,
      };
    },
  };
}
