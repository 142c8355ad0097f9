/**
 * `bulkWrite.import`, step by step:
 *   1. check the parameters and options (`check-import.ts`), before anything is read or sent;
 *   2. read the first record and plan the columns and mappings (`plan-columns.ts`); with the
 *      module's fields (`preflight/`), check the columns (a problem throws before any upload),
 *      write every value by its field's type and, with `preflight: 'rows'`, hold back the rows
 *      that cannot be written (reported as local SKIPPED results at their index);
 *   3. split the records into as few upload files as Zoho's limits allow (`split-into-files.ts`);
 *   4. per file: upload, create the job, wait for it (`file-job.ts`), `concurrency` files at once;
 *   5. per finished file, in input order: its result file joined back to the input (`join-results.ts`).
 *
 * Nothing is uploaded or created twice: the transport resends a POST only when it provably did
 * not land (429, connection refused). When a file fails, the results of files that finished are
 * still yielded, then a `BulkWriteImportError` (`import-error.ts`) naming the file and its job is
 * thrown, with the original error as `cause`.
 */
import type { BulkWriteJob } from '../schemas/bulk-write.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';
import { type CheckedImport, checkImport } from './check-import.js';
import { type FileJobContext, type FileTask, jobContext, startFileJob } from './file-job.js';
import { wrapImportError } from './import-error.js';
import type { BulkWriteImportOptions, BulkWriteImportParams, ImportDeps } from './import-params.js';
import type { FamilyRowResult } from './join-children.js';
import { joinResults } from './join-results.js';
import type { ImportPlan } from './plan-columns.js';
import { columnsError, type PreparedImport, prepareImport } from './preflight/prepare.js';
import { localSkip } from './preflight/row-check.js';
import { HeldResults, screenRecords } from './preflight/screen.js';
import { type OpenedRecords, openRecords, RecordBuffer } from './record-buffer.js';
import { runFamilyImport } from './run-families.js';
import { chunkRecords, type UploadChunk } from './split-into-files.js';

export async function* runImport(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  opts: BulkWriteImportOptions = {},
): AsyncGenerator<FamilyRowResult, void, undefined> {
  const checked = checkImport(params, opts);
  if (params.children !== undefined) {
    yield* runFamilyImport(deps, checked, opts);
    return;
  }
  opts.signal?.throwIfAborted();
  const records = await openRecords(checked.records);
  if (records === undefined) return;
  let prepared: PreparedImport;
  try {
    prepared = await prepareImport(deps, params, checked, records.first, opts.signal);
    if (prepared.columnProblems.length > 0)
      throw columnsError(checked.params.module, prepared.columnProblems);
  } catch (error) {
    await records.close();
    throw error;
  }
  const run = new ImportRun(deps, checked, prepared, opts, records);
  try {
    yield* run.results();
  } finally {
    await run.close();
  }
}

/** One import in progress: the files in flight, in input order. */
class ImportRun {
  readonly #deps: ImportDeps;
  readonly #plan: ImportPlan;
  readonly #opts: BulkWriteImportOptions;
  readonly #concurrency: number;
  readonly #controller = new AbortController();
  readonly #buffer = new RecordBuffer();
  /** Rows `preflight: 'rows'` did not send, until the results around them are delivered. */
  readonly #held = new HeldResults();
  readonly #files: AsyncGenerator<UploadChunk, void, undefined>;
  readonly #context: FileJobContext;
  readonly #inflight: FileTask[] = [];
  #exhausted = false;
  readonly #onAbort = () => this.#controller.abort(this.#opts.signal?.reason);

  constructor(
    deps: ImportDeps,
    checked: CheckedImport,
    prepared: PreparedImport,
    opts: BulkWriteImportOptions,
    records: OpenedRecords,
  ) {
    const { plan } = prepared;
    this.#deps = deps;
    this.#plan = plan;
    this.#opts = opts;
    this.#concurrency = checked.concurrency;
    if (opts.signal?.aborted) this.#onAbort();
    else opts.signal?.addEventListener('abort', this.#onAbort, { once: true });
    const { signal } = this.#controller;
    const p = checked.params;
    const holdBack = checked.preflight === 'rows';
    const sent = screenRecords(records.all(), prepared.checker, (index, record, row) => {
      if (holdBack && row !== undefined && row.problems.length > 0) {
        this.#held.push(localSkip(index, row));
        return false;
      }
      this.#buffer.push(index, record);
      return true;
    });
    this.#files = chunkRecords(sent, {
      columns: plan.columns,
      dateFormats: plan.dateFormats,
      signal,
      maxRows: checked.maxRows,
      fileName: (i) => `${p.module}-${i + 1}.csv`,
    });
    this.#context = { ...jobContext(deps, p, opts, signal), plan };
  }

  /** Every result in input order; on a failed file, what finished first, then the error. */
  async *results(): AsyncGenerator<BulkWriteRowResult, void, undefined> {
    let failure: unknown;
    let failed: FileTask | undefined;
    try {
      await this.#fill();
      while (this.#inflight.length > 0) {
        const task = this.#inflight[0]!;
        const outcome = await task.settled;
        if (!outcome.ok) {
          [failure, failed] = [this.#wrap(outcome.error, task, task.jobId), task];
          break;
        }
        try {
          yield* this.#deliver(task, outcome.job);
        } catch (error) {
          [failure, failed] = [this.#wrap(error, task, outcome.job.id), task];
          break;
        }
        this.#inflight.shift();
        await this.#fill();
      }
    } catch (error) {
      failure ??= error; // building a file failed (a record that cannot be written, the caller's records threw)
    }
    if (failure === undefined) {
      yield* this.#held.rest();
      return;
    }
    if (this.#opts.signal?.aborted) throw this.#opts.signal.reason;
    yield* this.#deliverFinished(failed);
    throw failure;
  }

  /** Stops whatever is still running (uploads, waits, the splitter). */
  async close(): Promise<void> {
    this.#opts.signal?.removeEventListener('abort', this.#onAbort);
    this.#controller.abort(new DOMException('bulkWrite.import stopped', 'AbortError'));
    await this.#files.return(undefined).catch(() => undefined);
  }

  /** Starts files until `concurrency` are in flight or the input is exhausted. */
  async #fill(): Promise<void> {
    while (!this.#exhausted && this.#inflight.length < this.#concurrency) {
      const next = await this.#files.next();
      if (next.done) this.#exhausted = true;
      else {
        const upload = next.value;
        const records = this.#buffer.take(upload.firstIndex, upload.lastIndex);
        this.#inflight.push(startFileJob(this.#context, upload, records));
      }
    }
  }

  async *#deliver(task: FileTask, job: BulkWriteJob) {
    const { signal } = this.#controller;
    const results = joinResults(this.#deps, task, job, this.#plan, {
      signal,
      maxRetries: this.#opts.maxRetries,
    });
    for await (const result of results) {
      yield* this.#held.before(result.index ?? 0);
      yield result;
    }
    task.records = [];
    const { rows } = task.file;
    this.#context.emit({ type: 'results', chunk: task.file, jobId: job.id, rows, rowsDelivered: rows });
  }

  /** After a failure: the results of the other files in flight that finished. */
  async *#deliverFinished(failed: FileTask | undefined) {
    this.#exhausted = true;
    for (const task of this.#inflight) {
      if (task === failed) continue;
      const outcome = await task.settled;
      if (!outcome.ok) continue;
      try {
        yield* this.#deliver(task, outcome.job);
      } catch {
        // The first failure is the one reported.
      }
    }
  }

  #wrap(error: unknown, task: FileTask, jobId: string | undefined): unknown {
    return wrapImportError(error, task.file, jobId, this.#opts.signal);
  }
}
