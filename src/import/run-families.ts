/**
 * `bulkWrite.import` with `children` (v7+): parents and their subform / line-item rows in one job
 * per batch of families (families.ts), one file per module in one zip, results joined back per
 * parent with every child's outcome (join-children.ts). Up to `concurrency` jobs run at once
 * (uploaded, created and waited for); results still come in input order, and when a job fails
 * the results of the jobs before it have been delivered. Older API versions are refused before
 * anything is read or sent, and so is an `update` or `upsert` (see below).
 */
import { type BulkWriteJob, bulkWriteCounts } from '../schemas/bulk-write.js';
import { UPLOAD_LIMITS, versionNumber } from '../schemas/bulk-write-body.js';
import { importInputError } from './check-import.js';
import {
  batchFamilies,
  buildBatchZip,
  csvName,
  DEFAULT_MAX_CHILD_ROWS,
  type Family,
  type FamilyBatch,
  type FamilyShape,
  familyCreateBody,
  toFamily,
} from './families.js';
import type { ImportChunkInfo } from './import-error.js';
import type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  BulkWriteImportParams,
  ImportDeps,
  InputRecord,
} from './import-params.js';
import { type FamilyRowResult, joinFamilies } from './join-children.js';

/** Child key → child module, from the record form or from field metadata for the list form. */
async function childModules(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  signal: AbortSignal | undefined,
): Promise<Record<string, string>> {
  const children = params.children!;
  if (!Array.isArray(children)) return { ...(children as Readonly<Record<string, string>>) };
  const resolved: Record<string, string> = {};
  const fields = deps.subformModules === undefined ? {} : await deps.subformModules(params.module, signal);
  for (const [i, key] of (children as readonly string[]).entries()) {
    const module = fields[key];
    if (module === null) {
      throw importInputError(
        ['children', i],
        `${key} is a multi-select lookup field of ${params.module}: zoho-bulk does not import multi-select lookup links (rows of its linking module)`,
      );
    }
    if (module === undefined) {
      throw importInputError(
        ['children', i],
        `${key} is not a subform or line-item field of ${params.module}`,
      );
    }
    resolved[key] = module;
  }
  return resolved;
}

export async function* runFamilyImport(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  opts: BulkWriteImportOptions,
): AsyncGenerator<FamilyRowResult, void, undefined> {
  const version = deps.apiVersion?.() ?? 'v8';
  if (versionNumber(version) < 7) {
    throw importInputError(['children'], `parent-child imports need API v7 or later, not ${version}`);
  }
  const maxChildRows = opts.maxChildRowsPerFile ?? DEFAULT_MAX_CHILD_ROWS;
  if (!Number.isInteger(maxChildRows) || maxChildRows < 1) {
    throw importInputError(['maxChildRowsPerFile'], 'must be a positive integer');
  }
  opts.signal?.throwIfAborted();
  const shape: FamilyShape = {
    parentModule: params.module,
    children: await childModules(deps, params, opts.signal),
  };
  const keys = Object.keys(shape.children);
  async function* families(): AsyncGenerator<Family> {
    let index = 0;
    for await (const record of params.records as AsyncIterable<InputRecord>)
      yield toFamily(record, index++, keys);
  }
  const maxRows = opts.maxRowsPerFile ?? UPLOAD_LIMITS.maxRows;
  const batches = batchFamilies(families(), { maxRows, maxChildRows });
  // Stops the jobs still in flight (uploads, waits) when the import ends early or fails.
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let uploaded = 0;
  const run: FamilyRun = {
    deps,
    params,
    opts,
    shape,
    signal: controller.signal,
    countUpload: () => ++uploaded,
  };
  const inflight: FamilyTask[] = [];
  try {
    for (;;) {
      while (inflight.length < (opts.concurrency ?? 1)) {
        const next = await batches.next();
        if (next.done) break;
        inflight.push(startFamilyJob(run, next.value));
      }
      const task = inflight.shift();
      if (task === undefined) return;
      const outcome = await task.settled;
      if (!outcome.ok) throw outcome.error;
      const { job } = outcome;
      if (deps.resultZip === undefined) throw new Error('this BulkWrite cannot read result zips');
      const files = await deps.resultZip(job, { signal: controller.signal, maxRetries: opts.maxRetries });
      yield* joinFamilies(task.batch, shape, files, job.id);
      const { chunk } = task;
      emit(opts, { type: 'results', chunk, jobId: job.id, rows: chunk.rows, rowsDelivered: chunk.rows });
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    controller.abort(new DOMException('bulkWrite.import stopped', 'AbortError'));
    await batches.return(undefined).catch(() => undefined);
  }
}

/** What every job of a parent-child import shares. */
interface FamilyRun {
  deps: ImportDeps;
  params: BulkWriteImportParams;
  opts: BulkWriteImportOptions;
  shape: FamilyShape;
  signal: AbortSignal;
  countUpload: () => number;
}

/** One batch of families in flight: its job's outcome is settled, never thrown, so results keep input order. */
interface FamilyTask {
  batch: FamilyBatch;
  chunk: ImportChunkInfo;
  settled: Promise<{ ok: true; job: BulkWriteJob } | { ok: false; error: unknown }>;
}

/** Uploads a batch's zip, creates its job and waits for it, in the background. */
function startFamilyJob(run: FamilyRun, batch: FamilyBatch): FamilyTask {
  const { deps, params, opts, shape, signal } = run;
  const first = batch.families[0]!.index;
  const chunk: ImportChunkInfo = {
    index: batch.number - 1,
    firstIndex: first,
    lastIndex: first + batch.families.length - 1,
    rows: batch.families.length,
  };
  const go = async (): Promise<BulkWriteJob> => {
    const built = buildBatchZip(batch, shape);
    const uploaded = await deps.uploadZip(built.zip, csvName(`${params.module}-${batch.number}`), signal);
    emit(opts, { type: 'uploaded', chunk, fileId: uploaded.file_id, chunksUploaded: run.countUpload() });
    const body = familyCreateBody(shape, built, uploaded.file_id, {
      operation: params.operation,
      findBy: params.findBy,
    });
    if (params.ignoreEmpty !== undefined) body.ignore_empty = params.ignoreEmpty;
    if (params.characterEncoding !== undefined) body.character_encoding = params.characterEncoding;
    const created = await deps.create(body, { signal });
    emit(opts, { type: 'created', chunk, jobId: created.id });
    return deps.waitFor(created.id, {
      ...opts.poll,
      signal,
      onProgress: (j) =>
        emit(opts, { type: 'job', chunk, jobId: j.id, status: j.status, counts: bulkWriteCounts(j), job: j }),
    });
  };
  const settled = go().then(
    (job) => ({ ok: true as const, job }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { batch, chunk, settled };
}

function emit(opts: BulkWriteImportOptions, event: BulkWriteImportEvent): void {
  try {
    opts.onProgress?.(event);
  } catch {
    // A failing progress callback must not fail the import.
  }
}
