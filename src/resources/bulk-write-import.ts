/**
 * `bulkWrite.import`: records → as few upload files as Zoho's limits allow (`chunkRecords`) →
 * upload, create and wait for one job per file (`concurrency` files in flight) → the result file
 * of each job, joined back to the input by position, yielded in input order.
 *
 * Nothing is uploaded or created twice: the transport resends a POST only when it provably did
 * not land (429, connection refused). When a file fails, the results of files that finished are
 * still yielded, then the error is thrown naming the file (first..last record index) and the job.
 */
import { ResponseValidationError } from '../core/errors.js';
import { chunkRecords, type UploadChunk } from '../import/split-into-files.js';
import { type BulkWriteCreateBody, type BulkWriteJob, bulkWriteCounts } from '../schemas/bulk-write.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';
import { formatCsvValue } from '../streaming/csv-writer.js';
import { type ImportChunkInfo, inChunk } from './bulk-write-import-error.js';
import {
  type BulkWriteImportEvent,
  type BulkWriteImportOptions,
  type BulkWriteImportParams,
  checkImport,
  type ImportDeps,
  type InputRecord,
  planImport,
} from './bulk-write-import-params.js';

export type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  BulkWriteImportParams,
  ImportDeps,
  ImportFieldMapping,
} from './bulk-write-import-params.js';

/** Records pulled by the chunker, kept until their file's results have been joined. */
class RecordBuffer {
  #base = 0;
  #records: InputRecord[] = [];

  push(record: InputRecord): void {
    this.#records.push(record);
  }

  /** Removes and returns records `first..last` (everything before `first` is dropped too). */
  take(first: number, last: number): InputRecord[] {
    const out = this.#records.slice(first - this.#base, last - this.#base + 1);
    this.#records = this.#records.slice(last - this.#base + 1);
    this.#base = last + 1;
    return out;
  }
}

interface Task {
  chunk: ImportChunkInfo;
  records: InputRecord[];
  jobId: string | undefined;
  settled: Promise<{ ok: true; job: BulkWriteJob } | { ok: false; error: unknown }>;
}

export async function* runImport(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  opts: BulkWriteImportOptions = {},
): AsyncGenerator<BulkWriteRowResult, void, undefined> {
  const { params: p, records, concurrency, maxRows } = checkImport(params, opts);
  const { signal: outer, onProgress } = opts;
  outer?.throwIfAborted();

  const source = (
    Symbol.asyncIterator in records ? records[Symbol.asyncIterator]() : records[Symbol.iterator]()
  ) as Iterator<InputRecord> | AsyncIterator<InputRecord>;
  const head = await source.next();
  if (head.done) return;
  const { columns, mappings, dateFormats } = planImport(params, p, head.value);

  const buffer = new RecordBuffer();
  async function* tapped(): AsyncGenerator<InputRecord> {
    buffer.push(head.value as InputRecord);
    yield head.value as InputRecord;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      buffer.push(next.value);
      yield next.value;
    }
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const chunks = chunkRecords(tapped(), {
    columns,
    dateFormats,
    signal,
    maxRows,
    fileName: (i) => `${p.module}-${i + 1}.csv`,
  });
  const emit = (event: BulkWriteImportEvent) => {
    try {
      onProgress?.(event);
    } catch {
      // A failing progress callback must not fail the import.
    }
  };
  let uploaded = 0;

  const start = (upload: UploadChunk): Task => {
    const chunk: ImportChunkInfo = {
      index: upload.index,
      firstIndex: upload.firstIndex,
      lastIndex: upload.lastIndex,
      rows: upload.rows,
    };
    const task: Task = {
      chunk,
      records: buffer.take(upload.firstIndex, upload.lastIndex),
      jobId: undefined,
      settled: undefined as never,
    };
    let zip: Uint8Array | undefined = upload.zip;
    const run = async (): Promise<BulkWriteJob> => {
      const file = await deps.uploadZip(zip!, upload.fileName, signal);
      zip = undefined;
      uploaded++;
      emit({ type: 'uploaded', chunk, fileId: file.file_id, chunksUploaded: uploaded });
      const resource: BulkWriteCreateBody['resource'][number] = {
        type: 'data',
        module: { api_name: p.module },
        file_id: file.file_id,
      };
      if (p.findBy !== undefined) resource.find_by = p.findBy;
      if (mappings !== undefined) resource.field_mappings = mappings;
      const body: BulkWriteCreateBody = { operation: p.operation, resource: [resource] };
      if (p.ignoreEmpty !== undefined) body.ignore_empty = p.ignoreEmpty;
      const created = await deps.create(body, { signal });
      task.jobId = created.id;
      emit({ type: 'created', chunk, jobId: created.id });
      return deps.waitFor(created.id, {
        ...opts.poll,
        signal,
        onProgress: (job) =>
          emit({ type: 'job', chunk, jobId: job.id, status: job.status, counts: bulkWriteCounts(job), job }),
      });
    };
    task.settled = run().then(
      (job) => ({ ok: true as const, job }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return task;
  };

  async function* deliver(task: Task, job: BulkWriteJob): AsyncGenerator<BulkWriteRowResult> {
    const { chunk } = task;
    let i = 0;
    for await (const result of deps.results(job, { signal, maxRetries: opts.maxRetries })) {
      signal.throwIfAborted();
      if (i >= chunk.rows) throw mismatch(chunk, job.id, `more than ${chunk.rows}`);
      const input = task.records[i]!;
      const cells: Record<string, string> = {};
      for (const column of columns) {
        const dateFormat = dateFormats[column];
        cells[column] = formatCsvValue(input[column], dateFormat === undefined ? {} : { dateFormat });
      }
      result.index = chunk.firstIndex + i;
      result.row = { ...cells, ...result.row };
      i++;
      yield result;
    }
    if (i !== chunk.rows) throw mismatch(chunk, job.id, String(i));
    task.records = [];
    emit({ type: 'results', chunk, jobId: job.id, rows: chunk.rows, rowsDelivered: i });
  }

  const inflight: Task[] = [];
  let exhausted = false;
  let failure: unknown;
  let failed: Task | undefined;
  const fill = async () => {
    while (!exhausted && inflight.length < concurrency) {
      const next = await chunks.next();
      if (next.done) exhausted = true;
      else inflight.push(start(next.value));
    }
  };

  try {
    try {
      await fill();
      while (inflight.length > 0) {
        const task = inflight[0]!;
        const outcome = await task.settled;
        if (!outcome.ok) {
          failure = inChunk(outcome.error, task.chunk, task.jobId, outer);
          failed = task;
          break;
        }
        try {
          yield* deliver(task, outcome.job);
        } catch (error) {
          failure = inChunk(error, task.chunk, outcome.job.id, outer);
          failed = task;
          break;
        }
        inflight.shift();
        await fill();
      }
    } catch (error) {
      failure ??= error; // building a file failed (a record that cannot be written)
    }
    if (failure === undefined) return;
    if (outer?.aborted) throw outer.reason;
    // Deliver what the other files in flight produced, then report the failure.
    exhausted = true;
    for (const task of inflight) {
      if (task === failed) continue;
      const outcome = await task.settled;
      if (!outcome.ok) continue;
      try {
        yield* deliver(task, outcome.job);
      } catch {
        // The first failure is the one reported.
      }
    }
    throw failure;
  } finally {
    outer?.removeEventListener('abort', onAbort);
    controller.abort(new DOMException('bulkWrite.import stopped', 'AbortError'));
    await chunks.return(undefined).catch(() => undefined);
  }
}

function mismatch(chunk: ImportChunkInfo, jobId: string, got: string): ResponseValidationError {
  const message = `The result file of job ${jobId} (records ${chunk.firstIndex}..${chunk.lastIndex}) has ${got} rows, expected ${chunk.rows}: results cannot be joined to the input by position`;
  return new ResponseValidationError(message, {
    issues: [{ code: 'custom', path: [], message }],
    endpoint: 'bulkWrite.import',
  });
}
