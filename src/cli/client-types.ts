/**
 * The part of BulkClient the CLI uses, written from API.md. Commands depend on this interface, not
 * on the class, so tests drive them with an in-memory client and the real BulkClient plugs in
 * through `client-factory.ts`. Shapes the contract leaves open (progress events, checkpoints) are
 * `unknown` here and read defensively (progress-event.ts).
 */
import type { BulkWriteRowResult } from '../schemas/row-errors.js';

export type { BulkWriteRowResult };

/** Records are keyed by the CSV header; values are the CSV text. */
export type CliRecord = Record<string, string>;

/** The `query` of a bulk-read job (API.md "Bulk Read"). */
export interface ExportQuery {
  module: string;
  fields?: string[];
  criteria?: unknown;
  cvid?: string;
}

export interface ExportCallOptions {
  signal?: AbortSignal;
  onProgress?: (event: unknown) => void;
  /** The library reports a point it can resume from; the value is plain JSON. */
  onCheckpoint?: (checkpoint: unknown) => unknown;
  /** A checkpoint from an earlier run. */
  resume?: unknown;
}

export interface WaitCallOptions {
  signal?: AbortSignal;
  timeout?: number;
  interval?: number;
  maxInterval?: number;
  onProgress?: (job: unknown) => void;
}

/** What the CLI reads of a bulk-read job (`data[0]` of GET /read/{id}). */
export interface BulkReadJobView {
  id: string;
  state: string;
  operation?: string;
  created_time?: string;
  query?: { module?: { api_name?: string } | string; page?: number; cvid?: string } & Record<string, unknown>;
  result?: {
    page?: number;
    count?: number;
    per_page?: number;
    more_records?: boolean;
    download_url?: string;
    next_page_token?: string;
  } & Record<string, unknown>;
}

/** What the CLI reads of a bulk-write job (GET /write/{id}). */
export interface BulkWriteJobView {
  id: string;
  status: string;
  operation?: string;
  created_time?: string;
  resource?: Array<{
    status?: string;
    module?: { api_name?: string } | string;
    file?: {
      added_count?: number;
      updated_count?: number;
      skipped_count?: number;
      total_count?: number;
      name?: string;
    };
  }>;
  result?: { download_url?: string } & Record<string, unknown>;
}

export interface ImportParams {
  module: string;
  operation: 'insert' | 'update' | 'upsert';
  records: AsyncIterable<CliRecord> | Iterable<CliRecord>;
  findBy?: string;
  ignoreEmpty?: boolean;
}

export interface ImportCallOptions {
  signal?: AbortSignal;
  onProgress?: (event: unknown) => void;
}

export interface MassUpdateBody {
  data: Array<Record<string, unknown>>;
  ids?: string[];
  cvid?: string;
  over_write?: boolean;
}

export interface MassUpdateRowResult {
  id?: string;
  status: string;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** cvid mode answers `{ job_id }`, ids mode `{ results }`. */
export interface MassUpdateCreated {
  job_id?: string;
  results?: MassUpdateRowResult[];
}

export interface MassUpdateStatusView {
  Status: string;
  Updated_Count?: number;
  Failed_Count?: number;
  Not_Updated_Count?: number;
  Total_Count?: number;
}

export interface CliClient {
  bulkRead: {
    export(query: ExportQuery, options?: ExportCallOptions): AsyncIterable<CliRecord>;
    get(jobId: string): Promise<BulkReadJobView>;
    waitFor(jobId: string, options?: WaitCallOptions): Promise<BulkReadJobView>;
  };
  bulkWrite: {
    import(params: ImportParams, options?: ImportCallOptions): AsyncIterable<BulkWriteRowResult>;
    get(jobId: string): Promise<BulkWriteJobView>;
    waitFor(jobId: string, options?: WaitCallOptions): Promise<BulkWriteJobView>;
  };
  massUpdate: {
    create(module: string, body: MassUpdateBody): Promise<MassUpdateCreated>;
    get(module: string, jobId: string): Promise<MassUpdateStatusView>;
    waitFor(module: string, jobId: string, options?: WaitCallOptions): Promise<MassUpdateStatusView>;
  };
  /** Closes idle keep-alive connections. */
  close?(): Promise<void>;
}
